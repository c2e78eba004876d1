"""Map: the person's place, the distance circle fitted to the screen, and the best in-person matches.

Groups at the same spot share one counted dot; a legend says what each color means; the same groups
are listed as text below. Directory text never fills a tooltip placeholder.
"""

from __future__ import annotations

import html

import pydeck as pdk
import streamlit as st

from matcher import Spot, fitted_zoom, legend_marks, placed_approximately, spots
from ui import session
from ui.cards import card
from ui.config import settings
from ui.i18n import _, ngettext, words
from ui.refine import relax_offers
from ui.shell import link, page_nav, page_shell
from ui.state import need_answers, origin, ranking
from ui.text import count, esc, groups

page_shell()
a = need_answers()
st.title(_("In-person groups near you"), anchor=False)
place, place_error = origin(a)
if a.formats and "in_person" not in a.formats:
    st.info(
        _(
            "You chose to take part online or by phone, so there is nothing to map. Your matches page lists "
            "the groups you can join from home."
        )
    )
    link("pages/matches.py", _("Back to your matches"), icon=":material/groups:")
    st.stop()
if place is None:
    st.info(esc(place_error) if place_error else _("Add your ZIP code or city to see groups near you."))
    link("pages/questionnaire.py", _("Add your place"), icon=":material/edit_location:")
    st.stop()

config = settings()
in_person = a.model_copy(update={"formats": ["in_person"]})
result = ranking(in_person, place, limit=config.map_max_points, placed_only=True)  # local groups have no dot
matches = [m for m in result.matches if m.listing.latitude is not None and m.listing.longitude is not None]

#: Colors, also named in the legend: you (red), real groups (blue), invented examples (orange).
YOU = [200, 40, 40, 255]
REAL = [30, 100, 190, 230]
SAMPLE = [235, 140, 20, 230]
#: A place known only approximately (a ZIP code's or town's center) is a ring with a faint fill, never a
#: solid dot: the person should not take it for the door. Exact places keep a thin white edge.
FAINT = 60
EDGE = [255, 255, 255, 255]
RING_PIXELS = 3
#: Line widths are in metres (pydeck would read a "pixels" units string as an expression): wider than any zoom
#: draws in RING_PIXELS, so the pixel bounds decide.
RING_METRES = 1_000_000
#: The "You" ring's radius: bigger than the biggest group dot (16 px), so both always show.
YOU_RING_PIXELS = 19
MAP_HEIGHT = 420


def inert(text: str) -> str:
    """Text for a tooltip: braces swapped for look-alikes so a name can never fill a {placeholder}."""
    return text.replace("{", "\uff5b").replace("}", "\uff5d")


def point(spot: Spot) -> dict[str, object]:
    """One dot for pydeck, with its tooltip words: how many groups, how far, the first four names."""
    here = spot.matches
    names = [inert(m.listing.name) + (_(" (invented example)") if m.listing.sample else "") for m in here[:4]]
    more = "\n" + _("…and {count} more").format(count=len(here) - 4) if len(here) > 4 else ""
    miles = spot.distance_miles
    title = (
        ngettext("{count} group here", "{count} groups here", len(here)).format(count=count(len(here)))
        if len(here) > 1
        else groups(1)
    )
    away = (
        _("{title}, {away}").format(title=title, away=words().away(miles, approximate=spot.approximate))
        if miles is not None
        else title
    )
    color = SAMPLE if spot.all_samples else REAL
    label = inert(away) + "\n" + (_("Approximate place: check the address") + "\n" if spot.approximate else "")
    return {
        "ids": [m.listing.id for m in here],
        "lat": spot.latitude,
        "lon": spot.longitude,
        "label": label,
        "names": "\n".join(names) + more,
        "count": len(here),
        "color": [*color[:3], FAINT] if spot.approximate else color,
        "line": [*color[:3], 255] if spot.approximate else EDGE,
        "width": RING_METRES if spot.approximate else 0,
    }


if matches and all(m.listing.sample for m in matches):
    st.warning(
        _(
            "Every group on this map is an **invented example** (not a real group): the directory has no "
            "real in-person group here yet. Your matches page lists real programs you can join from home."
        ),
        icon=":material/science:",
    )
shown_more = (
    _(" (the map shows the best {count})").format(count=config.map_max_points) if result.total > len(matches) else ""
)
only_samples = bool(matches) and all(m.listing.sample for m in matches)
what = (
    ngettext("{count} invented example", "{count} invented examples", len(matches)).format(count=count(len(matches)))
    if only_samples
    else groups(len(matches))
)
st.markdown(
    _("{what} within {miles} miles of {place}{shown_more}.").format(
        what=what, miles=f"{a.max_distance_miles:g}", place=esc(place.label), shown_more=shown_more
    )
)


def dot(color: list[int], ring: bool = False, faint: bool = False) -> str:
    r, g, b = color[:3]
    fill = f"border:3px solid rgb({r},{g},{b});box-sizing:border-box" if ring else f"background:rgb({r},{g},{b})"
    if faint:
        fill += f";background:rgba({r},{g},{b},{FAINT / 255:.2f})"
    return (
        f'<span aria-hidden="true" style="display:inline-block;width:12px;height:12px;border-radius:50%;'
        f'{fill};vertical-align:-1px"></span>'
    )


# the map's own marks, drawn (no emoji font needed) and named in words beside them: only the kinds on this map
drawn = spots(matches)
MARK = {
    "address": (dot(REAL), _("A group's address")),
    "approximate": (dot(REAL, ring=True, faint=True), _("Approximate place (the center of its ZIP code or town)")),
    "samples": (dot(SAMPLE), _("Invented examples")),
}
legend = [(dot(YOU, ring=True), _("You")), *(MARK[m] for m in legend_marks(drawn))]
bigger = _("a bigger dot holds more than one group")
st.html(
    '<p style="margin:0">'
    + " &nbsp;·&nbsp; ".join(f"{mark} {html.escape(name)}" for mark, name in legend)
    + (f" &nbsp;·&nbsp; {html.escape(bigger)}" if drawn else "")
    + "</p>"
)

points = [point(s) for s in drawn]
if not matches:
    st.markdown(_("No in-person group meets your needs within this distance."))
    relax_offers(result, a, key="map", needs=frozenset({"distance"}))

radius_m = a.max_distance_miles * 1609.344
layers = [
    pdk.Layer(
        "ScatterplotLayer",
        id="radius",
        data=[{"lon": place.longitude, "lat": place.latitude}],
        get_position="[lon, lat]",
        get_radius=radius_m,
        filled=False,
        stroked=True,
        get_line_color=[40, 90, 140, 160],
        line_width_min_pixels=2,
        pickable=False,
    ),
    # sizes in metres with pixel bounds (pydeck would read a plain "pixels" string as an expression)
    pdk.Layer(
        "ScatterplotLayer",
        id="groups",
        data=points,
        get_position="[lon, lat]",
        get_fill_color="color",
        get_radius="150 + 100 * count",
        radius_min_pixels=7,
        radius_max_pixels=16,
        stroked=True,
        get_line_color="line",
        get_line_width="width",  # metres, clamped to 1 px (exact) and RING_PIXELS (approximate) at every zoom
        line_width_min_pixels=1,
        line_width_max_pixels=RING_PIXELS,
        pickable=True,
        auto_highlight=True,
    ),
    # "You" is a ring around the spot, drawn over the groups but never picked: a group at the person's own
    # spot (0.0 mi) stays visible inside it and a tap there reaches the group
    pdk.Layer(
        "ScatterplotLayer",
        id="you",
        data=[{"lon": place.longitude, "lat": place.latitude}],
        get_position="[lon, lat]",
        get_radius=1,
        radius_min_pixels=YOU_RING_PIXELS,
        radius_max_pixels=YOU_RING_PIXELS,
        filled=False,
        stroked=True,
        get_line_color=YOU,
        line_width_min_pixels=3,
        pickable=False,
    ),
]
view = pdk.ViewState(
    latitude=place.latitude, longitude=place.longitude, zoom=fitted_zoom(place.latitude, a.max_distance_miles)
)
# Plain text, never HTML. Pinned along the map's bottom edge instead of following the dot (deck.gl applies
# this style after its own position), so it stays inside the screen even for a dot at a phone's right edge.
tooltip = {
    "text": "{label}{names}",
    "style": {
        "transform": "none",
        "top": "auto",
        "bottom": "8px",
        "left": "8px",
        "right": "8px",
        "maxWidth": "none",
        "whiteSpace": "pre-wrap",
        "fontSize": "13px",
        "overflowWrap": "anywhere",
    },
}
if config.basemap:  # map_style=None: Streamlit picks a Carto basemap (no token) that follows the theme
    deck = pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_style=None)
else:  # no provider and pydeck's default style marker: no basemap, no third-party request at all
    deck = pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider=None)

event = st.pydeck_chart(
    deck,
    on_select="rerun",
    selection_mode="single-object",
    key=session.GROUP_MAP,
    height=MAP_HEIGHT,
    alt=_("Map of {groups} meeting in person near {place}; the same groups are listed below the map.").format(
        groups=groups(len(matches)), place=place.label
    ),
)
picked = event.selection.objects.get("groups") if event and event.selection else None
chosen = picked[0] if picked else None
by_id = {m.listing.id: m for m in matches}
if chosen:
    st.header(_("Selected on the map"), anchor=False)
    for i, listing_id in enumerate(chosen.get("ids") or []):
        if listing_id in by_id:
            card(by_id[listing_id], key=f"map-selected{i}")
elif matches:
    st.markdown(_("Tap a dot to see its groups here and add them to your shortlist."))

if matches:
    st.header(_("The same groups as a list"), anchor=False)
    w = words()
    st.markdown(
        "\n".join(
            _("{i}. **{name}** — {away} — fit {score}/100").format(
                i=i,
                name=esc(m.listing.name),
                away=esc(w.away(m.distance_miles or 0, approximate=placed_approximately(m))),
                score=m.score,
            )
            + (_(" — *invented example*") if m.listing.sample else "")
            + (_(" — approximate place") if placed_approximately(m) else "")
            for i, m in enumerate(matches, 1)
        )
    )
    with st.expander(_("Open a group's card from the list")):
        pick = st.selectbox(
            _("Group"),
            list(by_id),
            index=None,
            format_func=lambda i: by_id[i].listing.name,
            placeholder=_("Choose a group"),
        )
        if pick:
            card(by_id[pick], key="map-list")
page_nav("matches", "shortlist", "guide")
