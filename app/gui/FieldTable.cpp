#include "FieldTable.hpp"

#include "engine/core/ParameterError.hpp"

#include <QCheckBox>
#include <QJsonValue>
#include <QLineEdit>
#include <QSignalBlocker>
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

void FieldTable::add(Field f, const QString& tooltip)
{
    f.widget->setObjectName(f.key);
    f.widget->setToolTip(tooltip);
    m_fields.push_back(std::move(f));
}

QSpinBox* FieldTable::integer(const QString& key, int lo, int hi, const QString& tooltip)
{
    auto* box = new RangeSpinBox;
    box->setRange(lo, hi);
    box->setKeyboardTracking(false);
    add({key, Kind::Integer, box, double(lo), double(hi), {}},
        tooltip.isEmpty() ? tr("%1 to %2").arg(lo).arg(hi) : tr("%1 (%2 to %3)").arg(tooltip).arg(lo).arg(hi));
    connect(box, &RangeSpinBox::refused, this, [this, key, box, lo, hi](const QString& typed) {
        Q_EMIT refused(tr("%1: %2 is out of range (allowed: %3 to %4); kept %5")
                           .arg(key, typed)
                           .arg(lo)
                           .arg(hi)
                           .arg(box->value()));
    });
    connect(box, &QSpinBox::valueChanged, this, [this, key] { Q_EMIT accepted(key); });
    return box;
}

QDoubleSpinBox* FieldTable::number(const QString& key, double lo, double hi, int decimals, const QString& tooltip)
{
    auto* box = new RangeDoubleSpinBox;
    box->setDecimals(decimals);
    box->setRange(lo, hi);
    box->setKeyboardTracking(false);
    add({key, Kind::Number, box, lo, hi, {}}, tooltip.isEmpty() ? tr("%1 to %2").arg(show(lo), show(hi))
                                                                : tr("%1 (%2 to %3)").arg(tooltip, show(lo), show(hi)));
    connect(box, &RangeDoubleSpinBox::refused, this, [this, key, box, lo, hi](const QString& typed) {
        Q_EMIT refused(tr("%1: %2 is out of range (allowed: %3 to %4); kept %5")
                           .arg(key, typed, show(lo), show(hi), show(box->value())));
    });
    connect(box, &QDoubleSpinBox::valueChanged, this, [this, key] { Q_EMIT accepted(key); });
    return box;
}

QComboBox* FieldTable::choice(const QString& key, const std::vector<std::pair<QString, QString>>& valuesAndTexts,
                              const QString& tooltip)
{
    auto* box = new QComboBox;
    for (const auto& [value, text] : valuesAndTexts)
        box->addItem(text, value);
    add({key, Kind::Choice, box, 0, 0, {}}, tooltip);
    connect(box, &QComboBox::currentIndexChanged, this, [this, key] { Q_EMIT accepted(key); });
    return box;
}

QCheckBox* FieldTable::flag(const QString& key, const QString& text, const QString& tooltip)
{
    auto* box = new QCheckBox(text);
    add({key, Kind::Flag, box, 0, 0, {}}, tooltip);
    connect(box, &QCheckBox::toggled, this, [this, key] { Q_EMIT accepted(key); });
    return box;
}

QLineEdit* FieldTable::text(const QString& key, std::function<void(const QString&)> check, const QString& tooltip)
{
    auto* edit = new QLineEdit;
    add({key, Kind::Text, edit, 0, 0, std::move(check)}, tooltip);
    connect(edit, &QLineEdit::editingFinished, this, [this, key, edit] {
        const Field* f = nullptr;
        for (const auto& field : m_fields)
            if (field.key == key) f = &field;
        try {
            if (f && f->check) f->check(edit->text());
            Q_EMIT accepted(key);
        } catch (const std::exception& e) {
            Q_EMIT refused(QString::fromUtf8(e.what()));
        }
    });
    return edit;
}

QJsonObject FieldTable::save() const
{
    QJsonObject o;
    for (const auto& f : m_fields) {
        switch (f.kind) {
        case Kind::Integer:
            o[f.key] = static_cast<QSpinBox*>(f.widget)->value();
            break;
        case Kind::Number:
            o[f.key] = static_cast<QDoubleSpinBox*>(f.widget)->value();
            break;
        case Kind::Choice:
            o[f.key] = static_cast<QComboBox*>(f.widget)->currentData().toString();
            break;
        case Kind::Flag:
            o[f.key] = static_cast<QCheckBox*>(f.widget)->isChecked();
            break;
        case Kind::Text:
            o[f.key] = static_cast<QLineEdit*>(f.widget)->text();
            break;
        }
    }
    return o;
}

void FieldTable::checkValue(const Field& f, const QJsonValue& v) const
{
    const std::string key = f.key.toStdString();
    auto range = [&] {
        return QString("must be %1 from %2 to %3")
            .arg(f.kind == Kind::Integer ? "an integer" : "a number", show(f.lo), show(f.hi))
            .toStdString();
    };
    switch (f.kind) {
    case Kind::Integer:
        if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < f.lo || v.toDouble() > f.hi)
            throw ParameterError(key, range());
        break;
    case Kind::Number:
        if (!v.isDouble() || !(v.toDouble() >= f.lo && v.toDouble() <= f.hi)) throw ParameterError(key, range());
        break;
    case Kind::Choice: {
        auto* box = static_cast<QComboBox*>(f.widget);
        QStringList allowed;
        for (int i = 0; i < box->count(); ++i)
            allowed << box->itemData(i).toString();
        if (!v.isString() || !allowed.contains(v.toString()))
            throw ParameterError(key, QString("must be one of %1").arg(allowed.join(", ")).toStdString());
        break;
    }
    case Kind::Flag:
        if (!v.isBool()) throw ParameterError(key, "must be true or false");
        break;
    case Kind::Text:
        if (!v.isString()) throw ParameterError(key, "must be a string");
        if (f.check) f.check(v.toString());
        break;
    }
}

void FieldTable::load(const QJsonObject& o) const
{
    for (const auto& f : m_fields)
        if (o.contains(f.key)) checkValue(f, o[f.key]);
    for (const auto& f : m_fields) {
        if (!o.contains(f.key)) continue;
        const QSignalBlocker block(f.widget);
        const QJsonValue v = o[f.key];
        switch (f.kind) {
        case Kind::Integer:
            static_cast<QSpinBox*>(f.widget)->setValue(v.toInt());
            break;
        case Kind::Number:
            static_cast<QDoubleSpinBox*>(f.widget)->setValue(v.toDouble());
            break;
        case Kind::Choice: {
            auto* box = static_cast<QComboBox*>(f.widget);
            box->setCurrentIndex(box->findData(v.toString()));
            break;
        }
        case Kind::Flag:
            static_cast<QCheckBox*>(f.widget)->setChecked(v.toBool());
            break;
        case Kind::Text:
            static_cast<QLineEdit*>(f.widget)->setText(v.toString());
            break;
        }
    }
}

QWidget* FieldTable::widget(const QString& key) const
{
    for (const auto& f : m_fields)
        if (f.key == key) return f.widget;
    return nullptr;
}

QStringList FieldTable::keys() const
{
    QStringList k;
    for (const auto& f : m_fields)
        k << f.key;
    return k;
}

} // namespace dlab::gui
