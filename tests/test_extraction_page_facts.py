"""Issue 17, item 5: page facts. Paywalled teasers are flagged (and kept), the language comes from the text,
and dates written in German, French, Spanish, Italian, Japanese, Chinese and Korean forms are read."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from crawlers.dates import parse_date_text
from crawlers.extraction import extract_article
from crawlers.language import detect_language, story_language

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
URL = "https://trade.example/news/example-cdmo-adds-two-lines-in-basel"
LEDE = ("Example CDMO said on Monday it would add two bioreactor lines at its plant near Basel, raising capacity "
        "for clinical and commercial batches of monoclonal antibodies for its biotech customers.")
MORE = "The company expects the lines to be qualified next year and to employ about eighty people at the site."


def _page(body: str, head: str = "", lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head><title>Example CDMO adds two lines in Basel | Trade</title>"
            "<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2025-03-04T08:00:00+00:00'>"
            f"{head}</head><body><main><article><h1>Example CDMO adds two lines in Basel</h1>{body}</article>"
            "</main></body></html>")


def _full_story(n: int = 8) -> str:
    return "".join(f"<p>{LEDE if i % 2 == 0 else MORE}</p>" for i in range(n))


def _ld(value: str) -> str:
    return f'<script type="application/ld+json">{value}</script>'


# -- teasers -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("declaration", [
    '{"@type":"NewsArticle","headline":"Example CDMO adds two lines in Basel","isAccessibleForFree":false}',
    '{"@type":"NewsArticle","headline":"Example CDMO adds two lines in Basel","isAccessibleForFree":"False"}',
    '{"@graph":[{"@type":"NewsArticle","headline":"Example CDMO adds two lines in Basel","isAccessibleForFree":'
    '"true","hasPart":{"@type":"WebPageElement","isAccessibleForFree":"false","cssSelector":".locked"}}]}',
])
def test_json_ld_not_free_flags_a_teaser_that_is_kept(declaration):
    got = extract_article(_page(f"<p>{LEDE}</p><p>{MORE}</p>", _ld(declaration)), URL, now=NOW)
    assert got.is_teaser and got.is_article
    assert LEDE in got.text


def test_a_declared_page_that_shows_the_whole_story_is_no_teaser():
    # Google asks paywalled pages to keep the locked part in the markup; many do, and then nothing is missing.
    declaration = '{"@type":"NewsArticle","headline":"Example CDMO adds lines","isAccessibleForFree":"False"}'
    got = extract_article(_page(_full_story(16), _ld(declaration)), URL, now=NOW)
    assert got.is_article and not got.is_teaser


def test_free_declaration_is_no_teaser():
    declaration = '{"@type":"NewsArticle","headline":"Example CDMO adds two lines","isAccessibleForFree":true}'
    got = extract_article(_page(_full_story(), _ld(declaration)), URL, now=NOW)
    assert got.is_article and not got.is_teaser


@pytest.mark.parametrize("wall", [
    "<div class='tp-container-inner'></div>",
    "<div id='piano-inline-offer' class='offer'></div>",
    "<div class='meteredContent'></div>",
    "<p class='note'>Subscribe to continue reading this article.</p>",
    "<div class='box'><strong>Already a subscriber?</strong> <a href='/login'>Log in</a></div>",
])
def test_paywall_furniture_next_to_a_short_body_is_a_teaser(wall):
    got = extract_article(_page(f"<p>{LEDE}</p><p>{MORE}</p>{wall}"), URL, now=NOW)
    assert got.is_teaser and got.is_article
    assert got.text.endswith(MORE)  # the notice is no part of the story


def test_paywall_classes_on_a_full_story_are_no_teaser():
    # Publishers put "paywall" on the story's own paragraphs; with the whole story shown, nothing is held back.
    body = (f"<div class='paywall'>{_full_story()}<p class='paywall'>The final paragraph of the story.</p></div>"
            "<div class='paywall-modal'><p>You have read all your free articles this month.</p></div>")
    got = extract_article(_page(body), URL, now=NOW)
    assert got.is_article and not got.is_teaser
    assert got.text.endswith("The final paragraph of the story.")


def test_a_piano_container_on_a_full_story_is_no_teaser():
    got = extract_article(_page(_full_story() + "<div class='tp-container-inner'></div>"), URL, now=NOW)
    assert got.is_article and not got.is_teaser


def test_a_short_free_story_is_no_teaser():
    got = extract_article(_page(f"<p>{LEDE}</p><p>{MORE}</p><p>{LEDE}</p>"), URL, now=NOW)
    assert not got.is_teaser


# -- language --------------------------------------------------------------------------------------------

TEXTS = {
    "en": LEDE,
    "de": "Der Auftragshersteller erweitert sein Werk bei Basel um zwei Bioreaktorlinien und schafft damit Kapazität "
          "für klinische und kommerzielle Chargen von monoklonalen Antikörpern.",
    "fr": "Le sous-traitant a annoncé lundi l'ajout de deux lignes de bioréacteurs dans son usine près de Bâle, ce "
          "qui augmente sa capacité pour les lots cliniques et commerciaux d'anticorps.",
    "es": "La empresa anunció el lunes que añadirá dos líneas de biorreactores en su planta cerca de Basilea, lo que "
          "aumentará su capacidad para lotes clínicos y comerciales de anticuerpos.",
    "it": "L'azienda ha annunciato lunedì che aggiungerà due linee di bioreattori nel suo stabilimento vicino a "
          "Basilea, aumentando la capacità per i lotti clinici e commerciali di anticorpi.",
    "ja": "同社は月曜日、バーゼル近郊の工場に二つのバイオリアクターラインを追加し、抗体医薬の臨床用および商業用の生産能力を"
          "高めると発表した。新しいラインは来年稼働する予定である。",
    "zh": "该公司周一宣布将在巴塞尔附近的工厂增加两条生物反应器生产线，以提高单克隆抗体临床和商业批次的产能。新生产线预计明年投入运营。",
    "ko": "이 회사는 월요일 바젤 인근 공장에 바이오리액터 라인 두 개를 추가해 항체 의약품의 임상 및 상업 생산 능력을 늘린다고 "
          "발표했다. 새 라인은 내년에 가동될 예정이다.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_language_is_read_from_the_text(code):
    assert detect_language(TEXTS[code]) == code


def test_the_text_overrules_the_markup_and_short_texts_keep_it():
    assert story_language(TEXTS["de"], "en") == "de"
    assert story_language("Kurz und knapp.", "de") == "de"
    assert story_language("Too short to tell", None) is None


def test_a_german_story_marked_english_gets_de():
    german = "".join(f"<p>{TEXTS['de']}</p>" for _ in range(4))
    got = extract_article(_page(german, lang="en"), URL, now=NOW)
    assert got.lang == "de"


def test_language_detection_is_fast():
    page = " ".join([LEDE, MORE] * 40)
    detect_language(page)  # the model loads once
    start = time.perf_counter()
    for _ in range(50):
        detect_language(page)
    assert (time.perf_counter() - start) / 50 < 0.02


# -- dates in other languages ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Veröffentlicht am 21. November 2024",  # de
    "Publié le 21 novembre 2024 à 10h00",  # fr
    "Publicado el 21 de noviembre de 2024",  # es
    "Pubblicato il 21 novembre 2024",  # it
    "2024年11月21日 10:00",  # ja, zh
    "发布时间：2024年11月21日",  # zh
    "입력 2024년 11월 21일 오전 10:00",  # ko
    "November 21, 2024",  # en, as before
])
def test_dates_in_other_languages(text):
    found = parse_date_text(text)
    assert found is not None and found.day.isoformat() == "2024-11-21"


@pytest.mark.parametrize("text", ["November 2024", "novembre 2024", "2024年11月", "Mai 2024", "le 21 novembre"])
def test_no_date_is_invented_from_a_part(text):
    assert parse_date_text(text) is None


@pytest.mark.parametrize("lang,line", [
    ("de", "Veröffentlicht am 21. November 2024"),
    ("fr", "Publié le 1er mars 2024"),
    ("es", "21 de noviembre de 2024"),
    ("it", "21 novembre 2024"),
    ("ja", "2024年11月21日"),
    ("zh", "2024年11月21日 10:00"),
    ("ko", "2024년 11월 21일"),
])
def test_a_byline_date_in_other_languages_dates_the_page(lang, line):
    html = (f"<html lang='{lang}'><head><title>Example CDMO adds two lines</title></head><body><article>"
            f"<h1>Example CDMO adds two lines in Basel</h1><div class='byline'>{line}</div>"
            f"{''.join(f'<p>{TEXTS[lang]}</p>' for _ in range(4))}</article></body></html>")
    got = extract_article(html, "https://trade.example/news/story-12345", now=NOW)
    assert got.published in ("2024-11-21", "2024-03-01")
