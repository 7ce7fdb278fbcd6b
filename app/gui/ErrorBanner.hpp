#pragma once
// The window's error message: drawn over the bottom edge of the page, so
// showing or hiding it never moves a control (a click aimed at a button still
// lands on it). It says what is wrong until the cause is fixed (the page
// sends an empty message) or the user closes it.

#include <QFrame>

class QLabel;
class QToolButton;

namespace dlab::gui {

class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* overlaid);
    void showMessage(const QString& message); // empty hides it
    QString message() const;
    void setScale(double scale);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();
    QLabel* m_text = nullptr;
    QToolButton* m_close = nullptr;
};

} // namespace dlab::gui
