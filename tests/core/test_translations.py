"""Every user-visible string is translated in every catalogue, with the same placeholders."""
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The strings in the code right now, extracted exactly as `flask translate extract` does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_indonesian_and_english_catalogues_exist():
    assert {p.parts[-3] for p in CATALOGUES} >= {"id", "en"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(po):
    with po.open("rb") as f:
        catalog = read_po(f)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{po.parts[-3]}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{po.parts[-3]}: fuzzy {fuzzy[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_covers_every_string_in_the_code(po, extracted):
    with po.open("rb") as f:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    missing = sorted(extracted - known)
    assert not missing, f"run `flask --app wsgi translate update` and translate: {missing[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_the_placeholders(po):
    with po.open("rb") as f:
        catalog = read_po(f)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not problems, problems[:5]
