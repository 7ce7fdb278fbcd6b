#include "FieldTable.hpp"

#include "engine/core/ParameterError.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <cmath>

namespace dlab::gui {

FieldTable::FieldTable(QFormLayout* form, QObject* parent) : QObject(parent), m_form(form) {}

void FieldTable::addRow(const QString& key, const QString& label, QWidget* editor, const QString& tooltip)
{
    editor->setObjectName(key);
    editor->setToolTip(tooltip);
    m_order << key;
    if (label.isEmpty()) {
        m_form->addRow(editor);
    } else {
        auto* l = new QLabel(label);
        l->setToolTip(tooltip);
        m_form->addRow(l, editor);
    }
}

void FieldTable::addInteger(const QString& key, const QString& label, int lo, int hi, int value, const QString& tooltip)
{
    auto* box = new QSpinBox;
    box->setRange(lo, hi);
    box->setValue(value);
    box->setKeyboardTracking(false);
    m_fields[key].integer = box;
    addRow(key, label, box, tooltip + tr(" (%1 to %2)").arg(lo).arg(hi));
    connect(box, &QSpinBox::valueChanged, this, [this, key] {
        if (!m_setting) Q_EMIT changed(key);
    });
}

void FieldTable::addReal(const QString& key, const QString& label, double lo, double hi, int decimals, double value,
                         const QString& tooltip)
{
    auto* box = new QDoubleSpinBox;
    box->setDecimals(decimals);
    box->setRange(lo, hi);
    box->setSingleStep(std::pow(10.0, -std::min(decimals, 2)));
    box->setValue(value);
    box->setKeyboardTracking(false);
    m_fields[key].real = box;
    addRow(key, label, box, tooltip + tr(" (%1 to %2)").arg(lo).arg(hi));
    connect(box, &QDoubleSpinBox::valueChanged, this, [this, key] {
        if (!m_setting) Q_EMIT changed(key);
    });
}

void FieldTable::addChoice(const QString& key, const QString& label,
                           const std::vector<std::pair<QString, QString>>& choices, const QString& value,
                           const QString& tooltip)
{
    auto* box = new QComboBox;
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(8);
    for (const auto& [v, shown] : choices)
        box->addItem(shown, v);
    box->setCurrentIndex(std::max(0, box->findData(value)));
    m_fields[key].choice = box;
    addRow(key, label, box, tooltip);
    connect(box, &QComboBox::currentIndexChanged, this, [this, key] {
        if (!m_setting) Q_EMIT changed(key);
    });
}

void FieldTable::addFlag(const QString& key, const QString& label, bool value, const QString& tooltip)
{
    auto* box = new QCheckBox(label);
    box->setChecked(value);
    m_fields[key].flag = box;
    addRow(key, QString(), box, tooltip);
    connect(box, &QCheckBox::toggled, this, [this, key] {
        if (!m_setting) Q_EMIT changed(key);
    });
}

void FieldTable::addText(const QString& key, const QString& label, const QString& value, const QString& tooltip)
{
    auto* edit = new QLineEdit(value);
    edit->setMinimumWidth(60);
    m_fields[key].text = edit;
    addRow(key, label, edit, tooltip);
    connect(edit, &QLineEdit::editingFinished, this, [this, key] {
        if (!m_setting) Q_EMIT changed(key);
    });
}

const FieldTable::Field& FieldTable::field(const QString& key) const
{
    const auto it = m_fields.find(key);
    if (it == m_fields.end()) throw ParameterError(key.toStdString(), "no such field");
    return it->second;
}

QWidget* FieldTable::editor(const QString& key) const
{
    const Field& f = field(key);
    if (f.integer) return f.integer;
    if (f.real) return f.real;
    if (f.choice) return f.choice;
    if (f.flag) return f.flag;
    return f.text;
}

int FieldTable::integer(const QString& key) const { return field(key).integer->value(); }
double FieldTable::real(const QString& key) const { return field(key).real->value(); }
bool FieldTable::flag(const QString& key) const { return field(key).flag->isChecked(); }

QString FieldTable::text(const QString& key) const
{
    const Field& f = field(key);
    if (f.choice) return f.choice->currentData().toString();
    return f.text->text();
}

void FieldTable::check(const QString& key, const QJsonValue& v) const
{
    const Field& f = field(key);
    const std::string k = key.toStdString();
    if (f.integer) {
        const double x = v.toDouble(NAN);
        if (!v.isDouble() || x != std::floor(x) || x < f.integer->minimum() || x > f.integer->maximum())
            throw ParameterError(k, QString("must be an integer from %1 to %2")
                                        .arg(f.integer->minimum())
                                        .arg(f.integer->maximum())
                                        .toStdString());
    } else if (f.real) {
        const double x = v.toDouble(NAN);
        if (!v.isDouble() || !(x >= f.real->minimum() && x <= f.real->maximum()))
            throw ParameterError(
                k,
                QString("must be a number from %1 to %2").arg(f.real->minimum()).arg(f.real->maximum()).toStdString());
    } else if (f.choice) {
        if (!v.isString() || f.choice->findData(v.toString()) < 0) {
            QStringList allowed;
            for (int i = 0; i < f.choice->count(); ++i)
                allowed << f.choice->itemData(i).toString();
            throw ParameterError(k, QString("must be one of %1").arg(allowed.join(", ")).toStdString());
        }
    } else if (f.flag) {
        if (!v.isBool()) throw ParameterError(k, "must be true or false");
    } else if (!v.isString()) {
        throw ParameterError(k, "must be a string");
    }
}

void FieldTable::set(const QString& key, const QJsonValue& v)
{
    check(key, v);
    const Field& f = field(key);
    const bool was = m_setting;
    m_setting = true;
    if (f.integer)
        f.integer->setValue(int(v.toDouble()));
    else if (f.real)
        f.real->setValue(v.toDouble());
    else if (f.choice)
        f.choice->setCurrentIndex(f.choice->findData(v.toString()));
    else if (f.flag)
        f.flag->setChecked(v.toBool());
    else
        f.text->setText(v.toString());
    m_setting = was;
}

QJsonObject FieldTable::save() const
{
    QJsonObject o;
    for (const QString& key : m_order) {
        const Field& f = field(key);
        if (f.integer)
            o[key] = f.integer->value();
        else if (f.real)
            o[key] = f.real->value();
        else if (f.flag)
            o[key] = f.flag->isChecked();
        else
            o[key] = text(key);
    }
    return o;
}

void FieldTable::load(const QJsonObject& o)
{
    for (const QString& key : m_order)
        if (o.contains(key)) check(key, o[key]);
    for (const QString& key : m_order)
        if (o.contains(key)) set(key, o[key]);
}

} // namespace dlab::gui
