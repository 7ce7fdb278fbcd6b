#pragma once
// One table of a page's parameters: each field is declared once — session
// key, label, tooltip, range (taken from the engine's Params limits) — and
// the table builds its editor, reads and writes the session JSON and says
// when a value changed. Session values out of range or of the wrong type are
// refused with a ParameterError naming the key, never clamped; a typed value
// outside the range is refused too (QSpinBox would turn 4096 into 409 at a
// maximum of 2048): the editor keeps its value and the table emits
// refused("L: 5000 is out of range (allowed: 2 to 4096); kept 64").
//
//   auto* fields = new FieldTable(form, this);   // rows go into `form`
//   fields->addInteger("L", tr("L"), Params::kMinL, Params::kMaxL, 64, tr("linear size"));
//   connect(fields, &FieldTable::refused, this, &ExperimentPage::errorMessage);
//   QJsonObject saveParameters() const { return fields->save(); }
//   void loadParameters(const QJsonObject& o) { fields->load(o); … }
//
// Without a form the page places the returned editors itself (the label is
// then unused).

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonObject>
#include <QObject>
#include <QSpinBox>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <utility>
#include <vector>

class QCheckBox;
class QFormLayout;
class QLineEdit;
class QWidget;

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
    // Fields are added to `form` (rows label — editor) in declaration order.
    explicit FieldTable(QFormLayout* form, QObject* parent = nullptr) : QObject(parent), m_form(form) {}

    // Each adder creates the editor, names it `key` (for tests and
    // accessibility tools), sets its tooltip (with the range) and value.
    QSpinBox* addInteger(const QString& key, const QString& label, int lo, int hi, int value, const QString& tooltip);
    QDoubleSpinBox* addReal(const QString& key, const QString& label, double lo, double hi, int decimals, double value,
                            const QString& tooltip);
    // Choices are (session value, shown label) pairs.
    QComboBox* addChoice(const QString& key, const QString& label,
                         const std::vector<std::pair<QString, QString>>& choices, const QString& value,
                         const QString& tooltip);
    QCheckBox* addFlag(const QString& key, const QString& label, bool value, const QString& tooltip);
    // Free text, checked by `check` (throws ParameterError naming the field)
    // when typed and when loaded from a session.
    QLineEdit* addText(const QString& key, const QString& label, const QString& value, const QString& tooltip,
                       std::function<void(const QString&)> check = {});

    int integer(const QString& key) const;
    double real(const QString& key) const;
    QString text(const QString& key) const; // choices give their session value
    bool flag(const QString& key) const;
    void set(const QString& key, const QJsonValue& value); // ParameterError on a bad value
    QWidget* editor(const QString& key) const;
    QStringList keys() const { return m_order; }

    QJsonObject save() const;
    // Checks every key present (type and range) before changing any editor:
    // a bad key throws ParameterError naming it and nothing changes. Missing
    // keys keep their value. Loading emits no changed().
    void load(const QJsonObject& o);

Q_SIGNALS:
    // The user changed a field (not emitted by set() or load()).
    void changed(const QString& key);
    // A typed value was refused: the message names the field, the value,
    // the allowed range and the value kept.
    void refused(const QString& message);

private:
    struct Field {
        QSpinBox* integer = nullptr;
        QDoubleSpinBox* real = nullptr;
        QComboBox* choice = nullptr;
        QCheckBox* flag = nullptr;
        QLineEdit* text = nullptr;
        std::function<void(const QString&)> check;
    };
    const Field& field(const QString& key) const;
    void addRow(const QString& key, const QString& label, QWidget* editor, const QString& tooltip);
    void check(const QString& key, const QJsonValue& value) const;
    void userChanged(const QString& key);

    QFormLayout* m_form = nullptr;
    std::map<QString, Field> m_fields;
    QStringList m_order;
    bool m_setting = false;
};

} // namespace dlab::gui
