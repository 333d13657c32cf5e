"""Every string of ours has a Lao translation: extract them afresh and compare with locale/lo."""

import subprocess
from pathlib import Path

from babel.messages.pofile import read_po
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "lo" / "LC_MESSAGES" / "django.po"
DJANGO_CATALOGUE = ROOT / "locale_django_lo" / "lo" / "LC_MESSAGES" / "django.po"


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="lo")


def message_ids(catalog) -> set:
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
    }


def test_every_string_in_the_code_is_translated_into_lao(tmp_path, settings, monkeypatch):
    # makemessages writes next to the sources it finds; give it a copy-free view of them.
    for name in ("hangouts", "templates"):
        (tmp_path / name).symlink_to(ROOT / name)
    settings.LOCALE_PATHS = [str(tmp_path / "out")]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=["lo"],
        symlinks=True,
        verbosity=0,
        ignore_patterns=["*/tests/*", "*/migrations/*"],
    )
    extracted = tmp_path / "out" / "lo" / "LC_MESSAGES" / "django.po"
    # A new catalogue has a placeholder plural header that Babel cannot read.
    extracted.write_text(
        extracted.read_text().replace(
            "nplurals=INTEGER; plural=EXPRESSION;", "nplurals=1; plural=0;"
        )
    )
    fresh = message_ids(read(extracted))
    committed = read(CATALOGUE)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in committed
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(fresh - translated)
    assert len(fresh) > 150
    assert not missing, f"{len(missing)} strings lack Lao (run `make messages`): {missing[:10]}"


def test_lao_catalogues_keep_every_placeholder_and_one_plural_form():
    for path in (CATALOGUE, DJANGO_CATALOGUE):
        result = subprocess.run(
            ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert read(path).plural_forms == "nplurals=1; plural=0;"
