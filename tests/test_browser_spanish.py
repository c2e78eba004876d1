"""A Spanish-speaking person on a phone (375×812, browser set to es-US): the first screen, the questionnaire,
the matches, the map and the shortlist in Spanish, axe clean with <html lang="es">; then "English" keeps
the answers and the shortlist. Two browsers at once, one English and one Spanish, never see each other's
language. Run under the CPU lock (see COORD/CONTRIBUTING)."""

from __future__ import annotations

import pytest

from tests.browser_support import (  # noqa: F401  (`browser`, `server`: shared fixtures)
    PHONE,
    Browser,
    BrowserContext,
    Page,
    browser,
    click,
    crisis_visible,
    open_page,
    pill,
    radio,
    server,
    settle,
)
from tests.server import Server
from tests.test_browser import axe_violations, first_listing_on_the_first_screen

pytestmark = pytest.mark.browser


def context_in(browser: Browser, locale: str) -> BrowserContext:
    """A phone whose browser speaks ``locale`` (navigator.language and Accept-Language both)."""
    return browser.new_context(viewport=PHONE, timezone_id="America/Chicago", locale=locale, accept_downloads=True)


def html_lang(page: Page) -> str:
    return str(page.evaluate("document.documentElement.lang"))


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


#: Every aria-label and title on the page that is still one of Streamlit's or the map's own English words, or an
#: icon's English name ("translate icon").
ENGLISH_BUILT_INS = """(keys) => {
  const heads = keys.filter(k => k.includes("{name}")).map(k => k.split("{name}")[0]);
  const english = [];
  for (const el of document.querySelectorAll("[aria-label], [title]")) {
    for (const attr of ["aria-label", "title"]) {
      const v = el.getAttribute(attr);
      if (v !== null && (keys.includes(v.trim()) || heads.some(h => v.startsWith(h)) || / icon$/.test(v))) {
        english.push(attr + "=" + v);  // " icon": a material icon's English name ("translate icon")
      }
    }
  }
  const skip = document.querySelector("[data-testid='stSkipToContent']");
  if (skip && skip.textContent !== "Ir al contenido principal") english.push("skip link: " + skip.textContent);
  return english;
}"""


#: The map's controls as react-map-gl and mapbox-gl draw them (the pydeck map's own English).
MAP_CONTROLS = """() => {
  const group = document.createElement("div");
  group.className = "mapboxgl-ctrl mapboxgl-ctrl-group";
  const controls = [["zoom-in", "title", "Zoom In"], ["zoom-out", "title", "Zoom Out"],
                    ["compass", "title", "Reset North"], ["credits", "aria-label", "Toggle attribution"]];
  for (const [id, attr, english] of controls) {
    const b = document.createElement("button");
    b.id = "sgf-test-" + id;
    b.setAttribute(attr, english);
    group.appendChild(b);
  }
  document.querySelector("[data-testid='stDeckGlJsonChart']").appendChild(group);
}"""


def english_built_ins(page: Page) -> list[str]:
    from ui.i18n import BUILT_IN_LABELS

    return list(page.evaluate(ENGLISH_BUILT_INS, sorted(BUILT_IN_LABELS)))


def multiselect_labels_in_spanish(page: Page) -> None:
    """Streamlit's own words in Spanish, also on widgets drawn after the page (the refine bar's chips)."""
    page.get_by_text("Ajustar (tema, distancia, costo, horario…)").first.click()
    chip = page.locator("[data-testid='stMultiSelect'] [aria-label='Quitar Ansiedad']")
    chip.first.wait_for(state="attached", timeout=30000)
    assert page.locator("[data-testid='stMultiSelect'] [aria-label='Abrir la lista']").count() >= 1
    assert page.locator("[data-testid='stMultiSelect'] [aria-label='Quitar todo']").count() >= 1
    assert page.locator("[data-testid='stSkipToContent']").first.text_content() == "Ir al contenido principal"
    assert english_built_ins(page) == []


def map_labels_in_spanish(page: Page) -> None:
    """The map's full-screen button, and its zoom, compass and credits buttons, in Spanish."""
    from playwright.sync_api import expect

    toolbar = page.locator("[data-testid='stDeckGlJsonChart'] [data-testid='stBaseButton-elementToolbar']").first
    assert (toolbar.get_attribute("aria-label") or "").startswith("Pantalla completa: Mapa de ")
    # The map library draws its zoom, compass and credits buttons only once the basemap's style has loaded,
    # which it cannot offline: drawn here as it draws them (late, English title and aria-label), they are
    # relabelled as soon as they appear.
    page.evaluate(MAP_CONTROLS)
    expect(page.locator("#sgf-test-zoom-in")).to_have_attribute("title", "Acercar", timeout=5000)
    assert page.locator("#sgf-test-zoom-out").get_attribute("title") == "Alejar"
    assert page.locator("#sgf-test-compass").get_attribute("title") == "Orientar el mapa hacia el norte"
    assert page.locator("#sgf-test-credits").get_attribute("aria-label") == "Mostrar u ocultar los créditos del mapa"
    assert english_built_ins(page) == []


def questionnaire_in_spanish(page: Page, url: str, axe: dict[str, list[str]]) -> None:
    open_page(page, url + "/questionnaire")
    page.locator("[data-testid='stMain'] .st-key-crisis_banner").wait_for(timeout=60000)
    settle(page)
    page.wait_for_selector("h1:has-text('Encuentre grupos para usted')", timeout=30000)
    axe["paso 1"] = axe_violations(page)
    radio(page, "No")
    click(page, "button", "Siguiente")
    pill(page, "Ansiedad")
    click(page, "button", "Siguiente")
    click(page, "button", "Saltar")
    pill(page, "En persona")
    pill(page, "En línea")
    click(page, "button", "Siguiente")
    box = page.get_by_label("Su código postal o ciudad (para grupos que se reúnen en persona)")
    box.fill("Houston, TX")
    box.press("Enter")
    settle(page)
    assert "Encontrado: Houston, TX" in main_text(page)
    click(page, "button", "Siguiente")
    axe["paso 6"] = axe_violations(page)
    click(page, "button", "Siguiente")
    click(page, "button", "Siguiente")
    assert "Esto es lo que nos dijo" in main_text(page)
    click(page, "button", "Ver mis resultados")
    page.wait_for_selector("h1:has-text('Grupos para usted')", timeout=30000)
    settle(page)


def first_screen_in_spanish(page: Page, url: str, axe: dict[str, list[str]]) -> None:
    """The guide, first visit: Spanish title, lang="es", 988 in Spanish before the rest, the switch on screen."""
    open_page(page, url)
    page.locator("[data-testid='stMain'] .st-key-crisis_banner").wait_for(timeout=60000)
    settle(page)
    assert page.locator("h1").first.inner_text() == "Cómo encontrar un grupo de apoyo"
    assert html_lang(page) == "es"
    banner = page.locator(".st-key-crisis_banner").inner_text()
    assert banner.index("Llame al 988 y oprima 2") < banner.index("741741")
    assert crisis_visible(page)
    switch = page.locator(".st-key-language_switch")
    assert switch.is_visible() and "English" in switch.inner_text()
    box = switch.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    axe["guía"] = axe_violations(page)


def test_a_spanish_speaker_on_a_phone_uses_the_whole_app_in_spanish(server: Server, browser: Browser) -> None:
    """es-US browser: Spanish from the first screen (988 in Spanish first, lang="es"), through the questionnaire,
    matches, map and shortlist; axe finds nothing; "English" then keeps the answers and the shortlist."""
    context = context_in(browser, "es-US")
    page = context.new_page()
    axe: dict[str, list[str]] = {}
    first_screen_in_spanish(page, server.url, axe)

    questionnaire_in_spanish(page, server.url, axe)
    first_listing_on_the_first_screen(page)  # the Spanish crisis box is taller: still on screen at 375×812
    text = main_text(page)
    assert "Por qué aparece" in text and "Salida rápida" in page.locator(".st-key-crisis_banner").inner_text()
    assert "Why it matched" not in text and "Groups for you" not in text
    axe["resultados"] = axe_violations(page)
    multiselect_labels_in_spanish(page)

    page.get_by_role("button", name="Guardar en mi lista").first.click()
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Quitar de mi lista")).to_have_count(1, timeout=30000)
    settle(page)
    shortlisted = page.locator("[data-testid='stMain'] h3").first.inner_text()

    page.get_by_role("link", name="Ver los grupos en persona en un mapa").click()
    page.wait_for_selector("h1:has-text('Grupos en persona cerca de usted')", timeout=30000)
    settle(page, 1500)
    assert "Ubicación aproximada" in main_text(page) and html_lang(page) == "es"  # the legend, in Spanish
    map_labels_in_spanish(page)
    axe["mapa"] = axe_violations(page)

    page.get_by_role("link", name="Mi lista").last.click()
    page.wait_for_selector("h1:has-text('Mi lista')", timeout=30000)
    settle(page)
    assert shortlisted in main_text(page)
    assert page.get_by_role("button", name="Descargar como hoja de cálculo (CSV)").is_visible()
    # the print toggle's (?) icon was "Help for Vista para imprimir"
    assert page.locator("[aria-label^='Ayuda: ']").count() >= 1
    assert english_built_ins(page) == []
    axe["lista"] = axe_violations(page)
    assert not any(axe.values()), axe

    page.locator(".st-key-language_switch").get_by_text("English", exact=True).click()
    settle(page)
    page.wait_for_selector("h1:has-text('Your shortlist')", timeout=30000)
    assert html_lang(page) == "en"
    assert shortlisted in main_text(page)
    # the same shortlisted card, now worded in English from the same answers
    assert "About anxiety, as you asked" in main_text(page)
    assert page.get_by_role("button", name="Remove from shortlist").count() == 1
    assert "lang=" not in page.url and "Houston" not in page.url
    context.close()


def test_an_english_and_a_spanish_browser_at_once_keep_their_own_language(server: Server, browser: Browser) -> None:
    """Two people on one server at the same time: each page each one opens stays in their own language."""
    english, spanish = context_in(browser, "en-US"), context_in(browser, "es-US")
    en, es = english.new_page(), spanish.new_page()
    for path in ("", "/privacy", "/questionnaire"):
        open_page(en, server.url + path)
        open_page(es, server.url + path)
        en_text = en.locator("[data-testid='stApp']").inner_text()
        es_text = es.locator("[data-testid='stApp']").inner_text()
        assert "In immediate danger" in en_text and "Si está en peligro" not in en_text, path
        assert "Si está en peligro" in es_text and "In immediate danger" not in es_text, path
        assert (html_lang(en), html_lang(es)) == ("en", "es")
    english.close()
    spanish.close()


def test_what_only_a_screen_reader_hears_is_in_spanish_too(server: Server, browser: Browser) -> None:
    """The age's − and + buttons (Streamlit's own "Decrement"/"Increment"), the matches page's hidden heading
    and the map legend are read in Spanish: a screen reader in an es-US browser hears no English."""
    context = context_in(browser, "es-US")
    page = context.new_page()
    try:
        open_page(page, server.url + "/questionnaire")
        page.locator("[data-testid='stMain'] .st-key-crisis_banner").wait_for(timeout=60000)
        settle(page)
        bar = page.locator("[data-testid='stMain'] [data-testid='stProgress'] [aria-label]").first
        assert bar.get_attribute("aria-label") == "Avance en las preguntas"
        radio(page, "No")
        click(page, "button", "Siguiente")
        click(page, "button", "Siguiente")
        page.locator("[data-testid='stNumberInputStepUp']").wait_for(timeout=30000)
        settle(page)
        labels = [
            page.locator(f"[data-testid='{test_id}']").first.get_attribute("aria-label")
            for test_id in ("stNumberInputStepDown", "stNumberInputStepUp")
        ]
        assert labels == ["Uno menos", "Uno más"], labels
        age = page.locator("[data-testid='stNumberInputField']").first
        age.fill("34")
        age.press("Enter")  # drawn again with a value (the buttons come alive): still in Spanish
        settle(page)
        page.locator("[data-testid='stNumberInputStepUp']").first.click()
        settle(page)
        assert page.locator("[data-testid='stNumberInputStepUp']").first.get_attribute("aria-label") == "Uno más"
        click(page, "button", "Siguiente")
        click(page, "button", "Saltar")
        click(page, "button", "Siguiente")
        click(page, "button", "Siguiente")
        click(page, "button", "Siguiente")
        click(page, "button", "Ver mis resultados")
        page.wait_for_selector("h1:has-text('Grupos para usted')", timeout=30000)
        settle(page)
        headings = page.locator("[data-testid='stMain'] h2").all_inner_texts()
        assert "Sus resultados, los mejores primero" in headings, headings
        assert not [h for h in headings if "best first" in h]
        # Streamlit's "Press Enter to apply" under the name search box, while typing
        from playwright.sync_api import expect

        page.locator("[data-testid='stExpander'] summary").filter(has_text="Buscar un programa por su nombre").click()
        settle(page)
        page.get_by_label("Buscar un programa por su nombre").press_sequentially("Trevor")
        instructions = page.locator("[data-testid='InputInstructions']").first
        expect(instructions).to_contain_text("Presione Enter para aplicar")
    finally:
        context.close()


def test_switching_to_spanish_on_the_where_step_keeps_the_distance(browser: Browser, server: Server) -> None:
    """ZIP typed, distance left at 25 miles, then Español: the slider still says 25 (in Spanish), not 5."""
    context = context_in(browser, "en-US")
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    page.get_by_text("Step 1 of 8").first.wait_for(timeout=60000)
    for step in range(2, 6):
        click(page, "button", "Next")
        page.get_by_text(f"Step {step} of 8").first.wait_for(timeout=30000)
    page.get_by_role("textbox").first.fill("52101")
    page.keyboard.press("Enter")
    settle(page)
    assert page.get_by_role("slider").first.get_attribute("aria-valuetext") == "25 miles (40 km)"
    page.locator("button").filter(has_text="Español").first.click()
    page.get_by_text("Paso 5 de 8").first.wait_for(timeout=30000)
    settle(page)
    assert page.get_by_role("slider").first.get_attribute("aria-valuetext") == "25 millas (40 km)"
    context.close()
