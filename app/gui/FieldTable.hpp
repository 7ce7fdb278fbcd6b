#pragma once
// One table of a page's parameter fields: each field is named once (its
// session key), with its widget and the engine's allowed range, and the
// table does the rest — saving and loading the page's part of a session,
// refusing values outside the engine's range with a message naming the field
// (never clamping them silently), and telling the page when a value was refused
// or accepted.
//
//   m_fields.integer("L", tr("L"), MonteCarloParams::kMinL, MonteCarloParams::kMaxL, tr("…"));
//   …
//   QJsonObject saveParameters() const { return m_fields.save(); }
//   void loadParameters(const QJsonObject& o) { m_fields.load(o); … }
//
// A typed number outside the range is not cut to fit (QSpinBox would turn
// 4096 into 409 at a maximum of 2048): the box keeps its previous value and
// the table emits refused("L: 5000 is out of range (allowed: 2 to 4096); kept 64").

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonObject>
#include <QObject>
#include <QSpinBox>
#include <QString>
#include <functional>
#include <utility>
#include <vector>

class QCheckBox;
class QFormLayout;
class QLineEdit;

namespace dlab::gui {

// Spin boxes that accept typing any number and refuse (with a reason) one
// outside their range instead of silently truncating or clamping it.
class RangeSpinBox : public QSpinBox {
    Q_OBJECT
public:
    using QSpinBox::QSpinBox;
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& text) const override;
Q_SIGNALS:
    void refused(const QString& typed) const;
};

class RangeDoubleSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& text) const override;
Q_SIGNALS:
    void refused(const QString& typed) const;
};

class FieldTable : public QObject {
    Q_OBJECT
public:
    explicit FieldTable(QObject* parent = nullptr) : QObject(parent) {}

    // Each adder creates the widget, names it `key` (for tests and
    // accessibility tools), sets its tooltip and, with a form, adds a row.
    QSpinBox* integer(const QString& key, int lo, int hi, const QString& tooltip);
    QDoubleSpinBox* number(const QString& key, double lo, double hi, int decimals, const QString& tooltip);
    // Values are stored in the session as strings; texts are what the user sees.
    QComboBox* choice(const QString& key, const std::vector<std::pair<QString, QString>>& valuesAndTexts,
                      const QString& tooltip);
    QCheckBox* flag(const QString& key, const QString& text, const QString& tooltip);
    // Free text checked by `check` (which throws ParameterError naming the field).
    QLineEdit* text(const QString& key, std::function<void(const QString&)> check, const QString& tooltip);

    QJsonObject save() const;
    // Checks every key present in `o` (type and range) before changing any
    // widget; throws ParameterError naming the first bad key, leaving the
    // widgets as they were. Missing keys keep their current value. Widgets are
    // set with their signals blocked: the caller refreshes what depends on them.
    void load(const QJsonObject& o) const;

    QWidget* widget(const QString& key) const;
    QStringList keys() const;

Q_SIGNALS:
    // A typed value was refused: the message names the field, the typed value,
    // the allowed range and the value kept.
    void refused(const QString& message);
    // A field took a new valid value (e.g. to clear an earlier refusal).
    void accepted(const QString& key);

private:
    enum class Kind { Integer, Number, Choice, Flag, Text };
    struct Field {
        QString key;
        Kind kind;
        QWidget* widget;
        double lo = 0, hi = 0;
        std::function<void(const QString&)> check;
    };
    void add(Field f, const QString& tooltip);
    void checkValue(const Field& f, const QJsonValue& v) const;
    std::vector<Field> m_fields;
};

} // namespace dlab::gui
