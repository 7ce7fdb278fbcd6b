#pragma once
// A page's parameters declared once, as a table of fields: each row names
// the session key, the label, the tooltip, the kind of control and its
// range (taken from the engine Params' limits), and how the value is read
// from and written to the Params struct. From that one table FieldForm
// builds the controls, fills a Params, shows one, and saves/loads the
// page's part of a session (same rules as SessionFields: a missing key
// keeps the value; a wrong type or range throws ParameterError naming it).

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QWidget>
#include <functional>
#include <vector>

class QFormLayout;

namespace dlab::gui {

struct FieldSpec {
    enum class Kind {
        Integer,     // QSpinBox
        Real,        // QDoubleSpinBox
        IntegerList, // comma-separated whole numbers in [lo, hi]
        RealList,    // comma-separated numbers in [lo, hi]
        Choice,      // QComboBox over `choices` (session value = the key)
        Flag,        // QCheckBox
    };
    const char* key = "";
    QString label;
    QString tip;
    Kind kind = Kind::Integer;
    double lo = 0, hi = 1;
    int decimals = 3;                  // Real
    double step = 1;                   // Integer / Real single step
    QStringList choices, choiceLabels; // Choice: keys and what the user sees

    static FieldSpec integer(const char* key, const QString& label, const QString& tip, double lo, double hi,
                             double step = 1);
    static FieldSpec real(const char* key, const QString& label, const QString& tip, double lo, double hi, int decimals,
                          double step);
    static FieldSpec integerList(const char* key, const QString& label, const QString& tip, double lo, double hi);
    static FieldSpec realList(const char* key, const QString& label, const QString& tip, double lo, double hi,
                              int decimals = 3);
    static FieldSpec choice(const char* key, const QString& label, const QString& tip, const QStringList& keys,
                            const QStringList& labels);
    static FieldSpec flag(const char* key, const QString& label, const QString& tip);
};

class FieldForm : public QWidget {
    Q_OBJECT
public:
    explicit FieldForm(std::vector<FieldSpec> fields, QWidget* parent = nullptr);

    // Integer: int; Real: double; lists: QVariantList of int/double;
    // Choice: QString key; Flag: bool.
    QVariant value(const char* key) const;
    void setValue(const char* key, const QVariant& value); // no edited() signal
    const std::vector<FieldSpec>& fields() const { return m_fields; }

    QJsonObject save() const;
    // Checks every present key first, then applies them all (no half-loaded form).
    void load(const QJsonObject& object);

Q_SIGNALS:
    void edited(); // the user changed a value

private:
    struct Row {
        FieldSpec spec;
        QWidget* widget = nullptr;
    };
    const Row& row(const char* key) const;
    QVariant parse(const FieldSpec& spec, const QJsonValue& v) const; // throws ParameterError
    static QString listText(const QVariantList& values, int decimals);

    std::vector<FieldSpec> m_fields;
    std::vector<Row> m_rows;
    bool m_setting = false;
};

// How one field maps onto a Params struct P.
template <class P> struct FieldBinding {
    FieldSpec spec;
    std::function<QVariant(const P&)> get;
    std::function<void(P&, const QVariant&)> set;
};

template <class P> std::vector<FieldSpec> specsOf(const std::vector<FieldBinding<P>>& table)
{
    std::vector<FieldSpec> specs;
    for (const auto& b : table)
        specs.push_back(b.spec);
    return specs;
}

// P from `base` with every field of the form written into it.
template <class P> P readParams(const FieldForm& form, const std::vector<FieldBinding<P>>& table, P base)
{
    for (const auto& b : table)
        b.set(base, form.value(b.spec.key));
    return base;
}

template <class P> void showParams(FieldForm& form, const std::vector<FieldBinding<P>>& table, const P& p)
{
    for (const auto& b : table)
        form.setValue(b.spec.key, b.get(p));
}

// QVariantList ↔ std::vector.
template <class T> QVariantList toVariantList(const std::vector<T>& v)
{
    QVariantList out;
    for (const T& x : v)
        out << QVariant::fromValue(x);
    return out;
}
template <class T> std::vector<T> fromVariantList(const QVariant& v)
{
    std::vector<T> out;
    for (const QVariant& x : v.toList())
        out.push_back(x.value<T>());
    return out;
}

} // namespace dlab::gui
