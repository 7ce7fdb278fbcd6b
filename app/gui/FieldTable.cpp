#include "FieldTable.hpp"

#include "engine/core/ParameterError.hpp"

#include <QCheckBox>
#include <QFormLayout>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <cmath>

namespace dlab::gui {
namespace {

QString strip(const QString& text, const QString& prefix, const QString& suffix)
{
    QString t = text.trimmed();
    if (!prefix.isEmpty() && t.startsWith(prefix)) t = t.mid(prefix.size());
    if (!suffix.isEmpty() && t.endsWith(suffix)) t.chop(suffix.size());
    return t.trimmed();
}

QString show(double v) { return QString::number(v, 'g', 10); }

} // namespace

QValidator::State RangeSpinBox::validate(QString& text, int& pos) const
{
    const QValidator::State s = QSpinBox::validate(text, pos);
    if (s != QValidator::Invalid) return s;
    // A whole number outside the range may be typed; fixup() refuses it.
    bool ok = false;
    strip(text, prefix(), suffix()).toLongLong(&ok);
    return ok ? QValidator::Intermediate : QValidator::Invalid;
}

void RangeSpinBox::fixup(QString& text) const
{
    bool ok = false;
    strip(text, prefix(), suffix()).toLongLong(&ok);
    if (ok) Q_EMIT refused(strip(text, prefix(), suffix()));
    QSpinBox::fixup(text);
}

QValidator::State RangeDoubleSpinBox::validate(QString& text, int& pos) const
{
    const QValidator::State s = QDoubleSpinBox::validate(text, pos);
    if (s != QValidator::Invalid) return s;
    bool ok = false;
    locale().toDouble(strip(text, prefix(), suffix()), &ok);
    return ok ? QValidator::Intermediate : QValidator::Invalid;
}

void RangeDoubleSpinBox::fixup(QString& text) const
{
    bool ok = false;
    locale().toDouble(strip(text, prefix(), suffix()), &ok);
    if (ok) Q_EMIT refused(strip(text, prefix(), suffix()));
    QDoubleSpinBox::fixup(text);
}

void FieldTable::addRow(const QString& key, const QString& label, QWidget* editor, const QString& tooltip)
{
    editor->setObjectName(key);
    editor->setToolTip(tooltip);
    m_order << key;
    if (!m_form) return;
    if (label.isEmpty()) {
        m_form->addRow(editor);
    } else {
        auto* l = new QLabel(label);
        l->setToolTip(tooltip);
        m_form->addRow(l, editor);
    }
}

void FieldTable::userChanged(const QString& key)
{
    if (!m_setting) Q_EMIT changed(key);
}

QSpinBox* FieldTable::addInteger(const QString& key, const QString& label, int lo, int hi, int value,
                                 const QString& tooltip)
{
    auto* box = new RangeSpinBox;
    box->setRange(lo, hi);
    box->setValue(value);
    box->setKeyboardTracking(false);
    m_fields[key].integer = box;
    addRow(key, label, box, tooltip + tr(" (%1 to %2)").arg(lo).arg(hi));
    connect(box, &QSpinBox::valueChanged, this, [this, key] { userChanged(key); });
    connect(box, &RangeSpinBox::refused, this, [this, key, box, lo, hi](const QString& typed) {
        Q_EMIT refused(tr("%1: %2 is out of range (allowed: %3 to %4); kept %5")
                           .arg(key, typed)
                           .arg(lo)
                           .arg(hi)
                           .arg(box->value()));
    });
    return box;
}

QDoubleSpinBox* FieldTable::addReal(const QString& key, const QString& label, double lo, double hi, int decimals,
                                    double value, const QString& tooltip)
{
    auto* box = new RangeDoubleSpinBox;
    box->setDecimals(decimals);
    box->setRange(lo, hi);
    box->setSingleStep(std::pow(10.0, -std::min(decimals, 2)));
    box->setValue(value);
    box->setKeyboardTracking(false);
    m_fields[key].real = box;
    addRow(key, label, box, tooltip + tr(" (%1 to %2)").arg(show(lo), show(hi)));
    connect(box, &QDoubleSpinBox::valueChanged, this, [this, key] { userChanged(key); });
    connect(box, &RangeDoubleSpinBox::refused, this, [this, key, box, lo, hi](const QString& typed) {
        Q_EMIT refused(tr("%1: %2 is out of range (allowed: %3 to %4); kept %5")
                           .arg(key, typed, show(lo), show(hi), show(box->value())));
    });
    return box;
}

QComboBox* FieldTable::addChoice(const QString& key, const QString& label,
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
    connect(box, &QComboBox::currentIndexChanged, this, [this, key] { userChanged(key); });
    return box;
}

QCheckBox* FieldTable::addFlag(const QString& key, const QString& label, bool value, const QString& tooltip)
{
    auto* box = new QCheckBox(label);
    box->setChecked(value);
    m_fields[key].flag = box;
    addRow(key, QString(), box, tooltip);
    connect(box, &QCheckBox::toggled, this, [this, key] { userChanged(key); });
    return box;
}

QLineEdit* FieldTable::addText(const QString& key, const QString& label, const QString& value, const QString& tooltip,
                               std::function<void(const QString&)> checkText)
{
    auto* edit = new QLineEdit(value);
    edit->setMinimumWidth(60);
    m_fields[key].text = edit;
    m_fields[key].check = std::move(checkText);
    addRow(key, label, edit, tooltip);
    connect(edit, &QLineEdit::editingFinished, this, [this, key, edit] {
        if (m_setting) return;
        try {
            if (const auto& c = m_fields[key].check) c(edit->text());
        } catch (const std::exception& e) {
            Q_EMIT refused(QString::fromUtf8(e.what()));
            return;
        }
        Q_EMIT changed(key);
    });
    return edit;
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
            throw ParameterError(k, QString("must be a number from %1 to %2")
                                        .arg(show(f.real->minimum()), show(f.real->maximum()))
                                        .toStdString());
    } else if (f.choice) {
        if (!v.isString() || f.choice->findData(v.toString()) < 0) {
            QStringList allowed;
            for (int i = 0; i < f.choice->count(); ++i)
                allowed << f.choice->itemData(i).toString();
            throw ParameterError(k, QString("must be one of %1").arg(allowed.join(", ")).toStdString());
        }
    } else if (f.flag) {
        if (!v.isBool()) throw ParameterError(k, "must be true or false");
    } else {
        if (!v.isString()) throw ParameterError(k, "must be a string");
        if (f.check) f.check(v.toString());
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
