#pragma once
// One table of a page's parameters. Each field is declared once — its
// session key, label, tooltip, allowed range (the engine's validate()
// limits), and which member of the engine's Params it is — and the form
// builds the widget, reads the Params from the widgets, shows a Params in
// them, and saves/loads the page's part of a session file, all from that
// declaration. Changing a field calls back with whether the running
// experiment can take it live or needs a restart.

#include "engine/core/ParameterError.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QJsonValue>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dlab::gui {

enum class ApplyChange { Live, Restart };

template <class P> class ParameterForm {
public:
    using Changed = std::function<void(ApplyChange)>;
    ParameterForm(QFormLayout* layout, Changed changed) : m_layout(layout), m_changed(std::move(changed)) {}
    // Fields declared from now on go into this layout (e.g. another group box).
    void useLayout(QFormLayout* layout) { m_layout = layout; }

    QDoubleSpinBox* real(const char* key, const QString& label, const QString& tip, double P::*member, double lo,
                         double hi, int decimals, double step, ApplyChange apply = ApplyChange::Restart)
    {
        auto* box = new QDoubleSpinBox;
        box->setRange(lo, hi);
        box->setDecimals(decimals);
        box->setSingleStep(step);
        box->setKeyboardTracking(false);
        add(key, label, tip, box, apply);
        QObject::connect(box, &QDoubleSpinBox::valueChanged, box, [this, apply] { changed(apply); });
        Field& f = m_fields.back();
        f.show = [box, member](const P& p) { box->setValue(p.*member); };
        f.read = [box, member](P& p) { p.*member = box->value(); };
        f.save = [member](const P& p) { return QJsonValue(p.*member); };
        f.load = [key, member, lo, hi](P& p, const QJsonValue& v) {
            if (!v.isDouble()) throw ParameterError(key, "must be a number");
            requireInRange(key, v.toDouble(), lo, hi);
            p.*member = v.toDouble();
        };
        return box;
    }

    template <class Int>
    QSpinBox* integer(const char* key, const QString& label, const QString& tip, Int P::*member, int lo, int hi,
                      ApplyChange apply = ApplyChange::Restart)
    {
        auto* box = new QSpinBox;
        box->setRange(lo, hi);
        box->setKeyboardTracking(false);
        add(key, label, tip, box, apply);
        QObject::connect(box, &QSpinBox::valueChanged, box, [this, apply] { changed(apply); });
        Field& f = m_fields.back();
        f.show = [box, member](const P& p) { box->setValue(int(p.*member)); };
        f.read = [box, member](P& p) { p.*member = Int(box->value()); };
        f.save = [member](const P& p) { return QJsonValue(double(p.*member)); };
        f.load = [key, member, lo, hi](P& p, const QJsonValue& v) {
            const double d = v.toDouble(NAN);
            if (!v.isDouble() || d != std::floor(d) || d < lo || d > hi)
                throw ParameterError(key,
                                     "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
            p.*member = Int(d);
        };
        return box;
    }

    QCheckBox* flag(const char* key, const QString& text, const QString& tip, bool P::*member,
                    ApplyChange apply = ApplyChange::Restart)
    {
        auto* box = new QCheckBox(text);
        add(key, QString(), tip, box, apply);
        QObject::connect(box, &QCheckBox::toggled, box, [this, apply] { changed(apply); });
        Field& f = m_fields.back();
        f.show = [box, member](const P& p) { box->setChecked(p.*member); };
        f.read = [box, member](P& p) { p.*member = box->isChecked(); };
        f.save = [member](const P& p) { return QJsonValue(p.*member); };
        f.load = [key, member](P& p, const QJsonValue& v) {
            if (!v.isBool()) throw ParameterError(key, "must be true or false");
            p.*member = v.toBool();
        };
        return box;
    }

    // An enumeration: items are (session name, shown text); get/set convert
    // between the Params member and the session name (set throws
    // ParameterError for an unknown name).
    QComboBox* choice(const char* key, const QString& label, const QString& tip,
                      const std::vector<std::pair<QString, QString>>& items, std::function<QString(const P&)> get,
                      std::function<void(P&, const QString&)> set, ApplyChange apply = ApplyChange::Restart)
    {
        auto* box = new QComboBox;
        for (const auto& [name, text] : items)
            box->addItem(text, name);
        add(key, label, tip, box, apply);
        QObject::connect(box, &QComboBox::currentIndexChanged, box, [this, apply] { changed(apply); });
        Field& f = m_fields.back();
        f.show = [box, get](const P& p) { box->setCurrentIndex(std::max(0, box->findData(get(p)))); };
        f.read = [box, set](P& p) { set(p, box->currentData().toString()); };
        f.save = [get](const P& p) { return QJsonValue(get(p)); };
        f.load = [key, set](P& p, const QJsonValue& v) {
            if (!v.isString()) throw ParameterError(key, "must be a string");
            set(p, v.toString());
        };
        return box;
    }

    QLineEdit* text(const char* key, const QString& label, const QString& tip, std::string P::*member,
                    ApplyChange apply = ApplyChange::Restart)
    {
        auto* edit = new QLineEdit;
        add(key, label, tip, edit, apply);
        QObject::connect(edit, &QLineEdit::editingFinished, edit, [this, apply] { changed(apply); });
        Field& f = m_fields.back();
        f.show = [edit, member](const P& p) { edit->setText(QString::fromStdString(p.*member)); };
        f.read = [edit, member](P& p) { p.*member = edit->text().trimmed().toStdString(); };
        f.save = [member](const P& p) { return QJsonValue(QString::fromStdString(p.*member)); };
        f.load = [key, member](P& p, const QJsonValue& v) {
            if (!v.isString()) throw ParameterError(key, "must be a string");
            p.*member = v.toString().toStdString();
        };
        return edit;
    }

    P read(P base) const
    {
        for (const Field& f : m_fields)
            f.read(base);
        return base;
    }
    void show(const P& p)
    {
        m_showing = true;
        for (const Field& f : m_fields) {
            const QSignalBlocker block(f.widget);
            f.show(p);
        }
        m_showing = false;
    }
    QJsonObject save(const P& p) const
    {
        QJsonObject o;
        for (const Field& f : m_fields)
            o[f.key] = f.save(p);
        return o;
    }
    // Missing keys keep base's value; a bad value throws ParameterError naming its key.
    P load(const QJsonObject& o, P base) const
    {
        for (const Field& f : m_fields)
            if (o.contains(f.key)) f.load(base, o[f.key]);
        return base;
    }
    QWidget* widget(const char* key) const
    {
        for (const Field& f : m_fields)
            if (f.key == QLatin1String(key)) return f.widget;
        return nullptr;
    }
    // Text shown instead of the minimum (e.g. "auto" for 0).
    void setSpecialValueText(const char* key, const QString& text)
    {
        if (auto* d = qobject_cast<QDoubleSpinBox*>(widget(key))) d->setSpecialValueText(text);
        if (auto* i = qobject_cast<QSpinBox*>(widget(key))) i->setSpecialValueText(text);
    }
    void setVisible(const char* key, bool on)
    {
        for (const Field& f : m_fields)
            if (f.key == QLatin1String(key)) f.layout->setRowVisible(f.widget, on);
    }

private:
    struct Field {
        QString key;
        QWidget* widget = nullptr;
        QFormLayout* layout = nullptr;
        std::function<void(const P&)> show;
        std::function<void(P&)> read;
        std::function<QJsonValue(const P&)> save;
        std::function<void(P&, const QJsonValue&)> load;
    };
    void add(const char* key, const QString& label, const QString& tip, QWidget* w, ApplyChange)
    {
        w->setObjectName(QString::fromLatin1(key));
        w->setToolTip(tip);
        if (label.isEmpty())
            m_layout->addRow(w);
        else
            m_layout->addRow(label, w);
        m_fields.push_back(Field{QString::fromLatin1(key), w, m_layout, {}, {}, {}, {}});
    }
    void changed(ApplyChange apply)
    {
        if (!m_showing && m_changed) m_changed(apply);
    }

    QFormLayout* m_layout;
    Changed m_changed;
    std::vector<Field> m_fields;
    bool m_showing = false;
};

} // namespace dlab::gui
