#pragma once
// One table of a page's parameters: each field is declared once — session
// key, label, tooltip, range (taken from the engine's Params limits) — and
// the table builds its editor, reads and writes the session JSON and says
// when a value changed. Session values out of range or of the wrong type are
// refused with a ParameterError naming the key, never clamped.

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <map>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace dlab::gui {

class FieldTable : public QObject {
    Q_OBJECT
public:
    // Fields are added to `form` (rows label — editor) in declaration order.
    explicit FieldTable(QFormLayout* form, QObject* parent = nullptr);

    void addInteger(const QString& key, const QString& label, int lo, int hi, int value, const QString& tooltip);
    void addReal(const QString& key, const QString& label, double lo, double hi, int decimals, double value,
                 const QString& tooltip);
    // Choices are (session value, shown label) pairs.
    void addChoice(const QString& key, const QString& label, const std::vector<std::pair<QString, QString>>& choices,
                   const QString& value, const QString& tooltip);
    void addFlag(const QString& key, const QString& label, bool value, const QString& tooltip);
    // Free text, checked by `check` (throws ParameterError) when loaded from a session.
    void addText(const QString& key, const QString& label, const QString& value, const QString& tooltip);

    int integer(const QString& key) const;
    double real(const QString& key) const;
    QString text(const QString& key) const; // choices give their session value
    bool flag(const QString& key) const;
    void set(const QString& key, const QJsonValue& value); // ParameterError on a bad value
    QWidget* editor(const QString& key) const;
    QStringList keys() const { return m_order; }

    QJsonObject save() const;
    // Every key present must be valid, or nothing changes.
    void load(const QJsonObject& o);

Q_SIGNALS:
    void changed(const QString& key);

private:
    struct Field {
        QSpinBox* integer = nullptr;
        QDoubleSpinBox* real = nullptr;
        QComboBox* choice = nullptr;
        QCheckBox* flag = nullptr;
        QLineEdit* text = nullptr;
    };
    const Field& field(const QString& key) const;
    void addRow(const QString& key, const QString& label, QWidget* editor, const QString& tooltip);
    void check(const QString& key, const QJsonValue& value) const;

    QFormLayout* m_form;
    std::map<QString, Field> m_fields;
    QStringList m_order;
    bool m_setting = false;
};

} // namespace dlab::gui
