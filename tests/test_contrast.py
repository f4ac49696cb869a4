"""Every text colour on every colour it is drawn on reads at WCAG AA (4.5:1), in both palettes
(issue 13, item 14)."""

from __future__ import annotations

import pytest

from pmsim.ui.theme import AA_TEXT, PALETTES, contrast, relative_luminance, text_pairs


def test_the_contrast_formula_gives_wcag_reference_values() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((10, 20, 30), (10, 20, 30)) == pytest.approx(1.0)
    # WebAIM's examples: #777777 on white is 4.48:1 (fails AA), #767676 4.54:1 (passes)
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert relative_luminance((255, 0, 0)) == pytest.approx(0.2126)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_text_pair_reads_at_aa(name: str) -> None:
    palette = PALETTES[name]
    low = [(label, round(contrast(fg, bg), 2)) for label, fg, bg in text_pairs(palette)
           if contrast(fg, bg) < AA_TEXT]
    assert low == []


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_pairs_cover_every_text_colour_on_every_surface(name: str) -> None:
    labels = {label for label, _, _ in text_pairs(PALETTES[name])}
    for fg in ("ink", "muted", "accent", "good", "bad", "warn", "lanes[0]", "lanes[2]"):
        for bg in ("background", "surface", "raised"):
            assert f"{fg} on {bg}" in labels
    assert "on_accent on accent" in labels


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_body_text_reads_at_aaa(name: str) -> None:
    palette = PALETTES[name]
    assert contrast(palette.ink, palette.background) >= 7
    assert contrast(palette.ink, palette.surface) >= 7
