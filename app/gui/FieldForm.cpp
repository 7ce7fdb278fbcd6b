#include "FieldForm.hpp"

#include "engine/core/ParameterError.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonValue>
#include <QLineEdit>
#include <QSpinBox>
#include <cmath>
#include <stdexcept>

namespace dlab::gui {

namespace {
using Kind = FieldSpec::Kind;

QString rangeText(const FieldSpec& s) { return QString("from %1 to %2").arg(s.lo, 0, 'g', 10).arg(s.hi, 0, 'g', 10); }

// "0.05, 0.25,0.5" → numbers; throws ParameterError naming the key.
QVariantList parseListText(const FieldSpec& s, const QString& text)
{
    QVariantList out;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v))
            throw ParameterError(s.key, "'" + part.trimmed().toStdString() + "' is not a number");
        if (v < s.lo || v > s.hi)
            throw ParameterError(s.key, "value " + part.trimmed().toStdString() +
                                            " is out of range (allowed: " + rangeText(s).toStdString() + ")");
        if (s.kind == Kind::IntegerList) {
            if (v != std::floor(v)) throw ParameterError(s.key, "values must be whole numbers");
            out << int(v);
        } else {
            out << v;
        }
    }
    if (out.isEmpty()) throw ParameterError(s.key, "give at least one value");
    return out;
}
} // namespace

FieldSpec FieldSpec::integer(const char* key, const QString& label, const QString& tip, double lo, double hi,
                             double step)
{
    FieldSpec s;
    s.key = key;
    s.label = label;
    s.tip = tip;
    s.kind = Kind::Integer;
    s.lo = lo;
    s.hi = hi;
    s.step = step;
    return s;
}

FieldSpec FieldSpec::real(const char* key, const QString& label, const QString& tip, double lo, double hi, int decimals,
                          double step)
{
    FieldSpec s = integer(key, label, tip, lo, hi, step);
    s.kind = Kind::Real;
    s.decimals = decimals;
    return s;
}

FieldSpec FieldSpec::integerList(const char* key, const QString& label, const QString& tip, double lo, double hi)
{
    FieldSpec s = integer(key, label, tip, lo, hi);
    s.kind = Kind::IntegerList;
    return s;
}

FieldSpec FieldSpec::realList(const char* key, const QString& label, const QString& tip, double lo, double hi,
                              int decimals)
{
    FieldSpec s = real(key, label, tip, lo, hi, decimals, 1);
    s.kind = Kind::RealList;
    return s;
}

FieldSpec FieldSpec::choice(const char* key, const QString& label, const QString& tip, const QStringList& keys,
                            const QStringList& labels)
{
    FieldSpec s = integer(key, label, tip, 0, 0);
    s.kind = Kind::Choice;
    s.choices = keys;
    s.choiceLabels = labels;
    return s;
}

FieldSpec FieldSpec::flag(const char* key, const QString& label, const QString& tip)
{
    FieldSpec s = integer(key, label, tip, 0, 1);
    s.kind = Kind::Flag;
    return s;
}

FieldForm::FieldForm(std::vector<FieldSpec> fields, QWidget* parent) : QWidget(parent), m_fields(std::move(fields))
{
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    for (const FieldSpec& s : m_fields) {
        QWidget* w = nullptr;
        switch (s.kind) {
        case Kind::Integer: {
            auto* box = new QSpinBox;
            box->setRange(int(s.lo), int(s.hi));
            box->setSingleStep(int(std::max(1.0, s.step)));
            box->setKeyboardTracking(false);
            connect(box, &QSpinBox::valueChanged, this, [this] {
                if (!m_setting) Q_EMIT edited();
            });
            w = box;
            break;
        }
        case Kind::Real: {
            auto* box = new QDoubleSpinBox;
            box->setDecimals(s.decimals);
            box->setRange(s.lo, s.hi);
            box->setSingleStep(s.step);
            box->setKeyboardTracking(false);
            connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
                if (!m_setting) Q_EMIT edited();
            });
            w = box;
            break;
        }
        case Kind::IntegerList:
        case Kind::RealList: {
            auto* edit = new QLineEdit;
            connect(edit, &QLineEdit::editingFinished, this, [this] {
                if (!m_setting) Q_EMIT edited();
            });
            w = edit;
            break;
        }
        case Kind::Choice: {
            auto* combo = new QComboBox;
            for (int i = 0; i < s.choices.size(); ++i)
                combo->addItem(i < s.choiceLabels.size() ? s.choiceLabels[i] : s.choices[i], s.choices[i]);
            connect(combo, &QComboBox::currentIndexChanged, this, [this] {
                if (!m_setting) Q_EMIT edited();
            });
            w = combo;
            break;
        }
        case Kind::Flag: {
            auto* box = new QCheckBox;
            connect(box, &QCheckBox::toggled, this, [this] {
                if (!m_setting) Q_EMIT edited();
            });
            w = box;
            break;
        }
        }
        w->setObjectName(s.key);
        QString tip = s.tip;
        if (s.kind != Kind::Choice && s.kind != Kind::Flag) tip += QString(" (%1)").arg(rangeText(s));
        w->setToolTip(tip);
        form->addRow(s.label, w);
        m_rows.push_back({s, w});
    }
}

const FieldForm::Row& FieldForm::row(const char* key) const
{
    for (const Row& r : m_rows)
        if (qstrcmp(r.spec.key, key) == 0) return r;
    throw std::logic_error(std::string("FieldForm: no field '") + key + "'");
}

QString FieldForm::listText(const QVariantList& values, int decimals)
{
    QStringList parts;
    for (const QVariant& v : values)
        parts << (v.typeId() == QMetaType::Int ? QString::number(v.toInt())
                                               : QString::number(v.toDouble(), 'g', decimals + 3));
    return parts.join(", ");
}

QVariant FieldForm::value(const char* key) const
{
    const Row& r = row(key);
    switch (r.spec.kind) {
    case Kind::Integer:
        return static_cast<QSpinBox*>(r.widget)->value();
    case Kind::Real:
        return static_cast<QDoubleSpinBox*>(r.widget)->value();
    case Kind::IntegerList:
    case Kind::RealList:
        return parseListText(r.spec, static_cast<QLineEdit*>(r.widget)->text());
    case Kind::Choice:
        return static_cast<QComboBox*>(r.widget)->currentData().toString();
    case Kind::Flag:
        return static_cast<QCheckBox*>(r.widget)->isChecked();
    }
    return {};
}

void FieldForm::setValue(const char* key, const QVariant& v)
{
    const Row& r = row(key);
    m_setting = true;
    switch (r.spec.kind) {
    case Kind::Integer:
        static_cast<QSpinBox*>(r.widget)->setValue(v.toInt());
        break;
    case Kind::Real:
        static_cast<QDoubleSpinBox*>(r.widget)->setValue(v.toDouble());
        break;
    case Kind::IntegerList:
    case Kind::RealList:
        static_cast<QLineEdit*>(r.widget)->setText(listText(v.toList(), r.spec.decimals));
        break;
    case Kind::Choice: {
        auto* combo = static_cast<QComboBox*>(r.widget);
        combo->setCurrentIndex(std::max(0, combo->findData(v.toString())));
        break;
    }
    case Kind::Flag:
        static_cast<QCheckBox*>(r.widget)->setChecked(v.toBool());
        break;
    }
    m_setting = false;
}

QJsonObject FieldForm::save() const
{
    QJsonObject o;
    for (const Row& r : m_rows) {
        const char* key = r.spec.key;
        switch (r.spec.kind) {
        case Kind::Integer:
        case Kind::Real:
            o[key] = value(key).toDouble();
            break;
        case Kind::IntegerList:
        case Kind::RealList: {
            // The text as typed, even if it does not parse yet: saving never fails.
            QJsonArray a;
            try {
                for (const QVariant& v : value(key).toList())
                    a.append(v.toDouble());
                o[key] = a;
            } catch (const ParameterError&) {
                o[key] = static_cast<QLineEdit*>(r.widget)->text();
            }
            break;
        }
        case Kind::Choice:
            o[key] = value(key).toString();
            break;
        case Kind::Flag:
            o[key] = value(key).toBool();
            break;
        }
    }
    return o;
}

QVariant FieldForm::parse(const FieldSpec& s, const QJsonValue& v) const
{
    switch (s.kind) {
    case Kind::Integer: {
        const double x = v.toDouble(NAN);
        if (!v.isDouble() || x != std::floor(x) || x < s.lo || x > s.hi)
            throw ParameterError(s.key, ("must be an integer " + rangeText(s)).toStdString());
        return int(x);
    }
    case Kind::Real: {
        const double x = v.toDouble(NAN);
        if (!v.isDouble() || !(x >= s.lo && x <= s.hi))
            throw ParameterError(s.key, ("must be a number " + rangeText(s)).toStdString());
        return x;
    }
    case Kind::IntegerList:
    case Kind::RealList: {
        if (v.isString()) return parseListText(s, v.toString());
        if (!v.isArray()) throw ParameterError(s.key, "must be a list of numbers");
        QStringList parts;
        for (const QJsonValue& x : v.toArray()) {
            if (!x.isDouble()) throw ParameterError(s.key, "must be a list of numbers");
            parts << QString::number(x.toDouble(), 'g', 17);
        }
        return parseListText(s, parts.join(','));
    }
    case Kind::Choice:
        if (!v.isString() || !s.choices.contains(v.toString()))
            throw ParameterError(s.key, ("must be one of: " + s.choices.join(", ")).toStdString());
        return v.toString();
    case Kind::Flag:
        if (!v.isBool()) throw ParameterError(s.key, "must be true or false");
        return v.toBool();
    }
    return {};
}

void FieldForm::load(const QJsonObject& o)
{
    std::vector<std::pair<const char*, QVariant>> values;
    for (const Row& r : m_rows)
        if (o.contains(r.spec.key)) values.emplace_back(r.spec.key, parse(r.spec, o[r.spec.key]));
    for (const auto& [key, v] : values)
        setValue(key, v);
}

} // namespace dlab::gui
