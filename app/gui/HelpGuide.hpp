#pragma once
// Help ▸ Guide: one short page per experiment (what it shows, what to try, the
// physics in a few lines), written in Markdown under resources/help/<id>.md and
// compiled into the program. Pages are keyed by the ExperimentPage id, so a new
// page's guide appears by adding its file (and a line to resources/help/index.txt).

#include <QDialog>
#include <QString>
#include <QStringList>

class QListWidget;
class QTextBrowser;

namespace dlab::gui {

class HelpGuide : public QDialog {
    Q_OBJECT
public:
    explicit HelpGuide(QWidget* parent = nullptr);
    // Shows the guide of page `id` (or the first page when unknown).
    void showPage(const QString& id);
    QString currentId() const;
    QString currentText() const; // the Markdown shown, for tests
    // Every guide page the program carries, in the order of index.txt.
    static QStringList pageIds();
    static QString pageTitle(const QString& id);
    static QString pageMarkdown(const QString& id);
    // An extra page made by the program (the keyboard shortcuts).
    void setGeneratedPage(const QString& id, const QString& title, const QString& markdown);

private:
    QListWidget* m_list = nullptr;
    QTextBrowser* m_text = nullptr;
    QString m_generatedId, m_generatedMarkdown;
};

} // namespace dlab::gui
