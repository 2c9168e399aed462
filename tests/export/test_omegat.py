"""A real CAT tool imports our TMX: OmegaT (Debian package) translates a project from tm/auto/ headless.

OmegaT exits 0 even when it rejects a TMX, so the check is on the translated file and the log.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from align.export import write_tmx
from align.records import Bead, TranslationUnit

PAIRS = [
    (
        "The Iraqi government said on Thursday that the talks would continue.",
        "قالت الحكومة العراقية يوم الخميس إن المحادثات ستستمر.",
    ),
    (
        "Parliament will meet on Saturday to vote on the resolution.",
        "سيجتمع البرلمان يوم السبت للتصويت على القرار.",
    ),
    (
        'He said the strike was "a blatant assassination" & a violation.',
        "وقال إن الضربة «اغتيال سافر» وانتهاك.",
    ),
    ("Washington has some 2,500 troops in Iraq.", "لدى واشنطن نحو 2,500 جندي في العراق."),
]

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>ar</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneArabicTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def omegat() -> str:
    path = shutil.which("omegat")
    if not path:
        message = "OmegaT is not installed (Debian package 'omegat'; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.mark.slow
def test_omegat_console_translate_uses_our_tmx(tmp_path: Path) -> None:
    binary = omegat()
    project = tmp_path / "project"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    (project / "source" / "article.txt").write_text("\n\n".join(s for s, _ in PAIRS) + "\n", encoding="utf-8")
    units = [
        TranslationUnit("doc", "en", "ar", s, t, Bead((i,), (i,), 0.9), "human", "approved")
        for i, (s, t) in enumerate(PAIRS)
    ]
    write_tmx(project / "tm" / "auto" / "align.tmx", units, "en")

    run = subprocess.run(
        [binary, str(project), "--mode=console-translate"],
        capture_output=True,
        text=True,
        timeout=300,
        # Java takes user.home from the password file, not $HOME: point it at the session's home.
        env={**os.environ, "JAVA_TOOL_OPTIONS": f"-Djava.awt.headless=true -Duser.home={os.environ['HOME']}"},
    )
    log = run.stdout + run.stderr
    assert "TF_TM_LOAD_ERROR" not in log and "TMXR_ERROR" not in log, log[-2000:]
    assert "align.tmx" in log, "OmegaT did not read our TMX"
    translated = (project / "target" / "article.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in translated.split("\n\n") if p.strip()]
    assert paragraphs == [t for _, t in PAIRS], translated
