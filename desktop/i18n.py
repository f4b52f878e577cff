"""Interface language: Simplified Chinese first, English as a Qt translation.

The source strings in desktop/ are Chinese (`self.tr("中文")`, `QCoreApplication.translate(ctx, "中文")`);
resources/translations/gridsafe_en.qm holds their English (scripts/update_translations.py makes it).
The language is chosen in 设置 (QSettings "ui/language") and applies from the next start:
`install_translators` runs once in app.make_app and fixes `ui_language()` for the session.

Texts from the style file (layer groups, titles, style names) are translated in context "StyleBook"
(desktop/render/style_strings.py lists them for lupdate); vocabulary values use gis.vocab's own
English labels (`vocab_label`).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.qsettings import settings
from gis import vocab
from gis.errors import GridsafeError
from gis.paths import RESOURCES

TRANSLATIONS = RESOURCES / "translations"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}   # each language named in itself
DEFAULT_LANGUAGE = "zh_CN"
SETTING = "ui/language"

_current: str | None = None
_installed: list[QTranslator] = []


def saved_language() -> str:
    """The language chosen in the settings (what the next start will use)."""
    value = settings().value(SETTING, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    settings().setValue(SETTING, lang)


def ui_language() -> str:
    """The language this session's interface speaks: "zh_CN" or "en"."""
    return _current or saved_language()


def vocab_lang() -> str:
    """gis.vocab's language key for the interface language."""
    return "zh" if ui_language().startswith("zh") else "en"


def error_text(error: GridsafeError, lang: str | None = None) -> str:
    """A GridsafeError's message in the interface language (its English where gis/ gave one, else the Chinese).
    Off the UI thread pass `lang` read on the UI thread (a Task's feedback.lang): vocab_lang() may make a
    QSettings, a QObject, when the language has not been fixed for the session."""
    return error.text(vocab_lang() if lang is None else lang)


def vocab_label(name: str, key: str | None) -> str:
    """A vocabulary value's label in the interface language."""
    return vocab.label(name, key, vocab_lang())


def style_text(text: str) -> str:
    """A text from the style file (group, layer title, style name, field label) in the interface language."""
    return QCoreApplication.translate("StyleBook", text) if text else text


def category_label(category) -> str:
    """A style class's legend label (render.styles.Category) in the interface language."""
    if category.vocab:
        return vocab_label(category.vocab, category.value)
    return style_text(category.label)


def remove_translators() -> None:
    """Back to the untranslated (Chinese) sources and the saved language; the default QLocale is left as is."""
    global _current
    app = QCoreApplication.instance()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current = None


def install_translators(lang: str | None = None) -> str:
    """Install gridsafe's and Qt's own (qtbase) translations for `lang` (default: the saved one).

    Replaces translators installed before, so tests can switch languages. Returns the language.
    """
    global _current
    lang = lang if lang in LANGUAGES else saved_language()
    app = QCoreApplication.instance()
    remove_translators()
    if lang.startswith("zh"):
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [("qtbase", qt_dir)]
    if lang != DEFAULT_LANGUAGE:   # the sources are Chinese: only other languages need a file
        candidates.append(("gridsafe", str(TRANSLATIONS)))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(f"{name}_{lang}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
    _current = lang
    return lang
