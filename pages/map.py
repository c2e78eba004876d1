"""Map: the person's place, the distance circle and the best in-person matches, with a text list below."""

from __future__ import annotations

import math

import pydeck as pdk
import streamlit as st

from matcher import Answers
from pages.common import card, esc, link, need_answers, origin, page_shell, ranking, settings

page_shell()
a = need_answers()
st.title("In-person groups near you")
place, place_error = origin(a)
if a.formats and "in_person" not in a.formats:
    st.info("You chose not to meet in person, so there is nothing to map. Your matches page lists the "
            "online and phone groups.")
    link("pages/matches.py", "Back to your matches", icon=":material/groups:")
    st.stop()
if place is None:
    st.info(place_error or "Add your ZIP code or city in the questionnaire to see groups near you.")
    link("pages/questionnaire.py", "Add your place", icon=":material/edit_location:")
    st.stop()

config = settings()
in_person = Answers(**{**a.model_dump(), "formats": ["in_person"]})
result = ranking(in_person, place, limit=config.map_max_points)
matches = [m for m in result.matches if m.listing.latitude is not None and m.listing.longitude is not None]
st.markdown(f"The {len(matches)} best in-person match(es) within {a.max_distance_miles:g} miles of {place.label}"
           + (f" (the map shows at most {config.map_max_points})." if result.total > len(matches) else "."))


def colour(score: int) -> list[int]:
    """Better fit, deeper teal; weaker fit, pale grey-blue."""
    t = max(0.0, min(1.0, score / 100))
    return [int(160 - 140 * t), int(180 - 40 * t), int(200 - 60 * t), 220]


points = [{"id": m.listing.id, "name": m.listing.name + (" [Sample]" if m.listing.sample else ""),
           "fit": f"Fit {m.score}/100", "miles": f"{m.distance_miles:.1f} miles" if m.distance_miles else "",
           "lon": m.listing.longitude, "lat": m.listing.latitude, "color": colour(m.score)} for m in matches]
radius_m = a.max_distance_miles * 1609.344
layers = [
    pdk.Layer("ScatterplotLayer", id="radius", data=[{"lon": place.longitude, "lat": place.latitude}],
              get_position="[lon, lat]", get_radius=radius_m, filled=False, stroked=True,
              get_line_color=[40, 90, 140, 160], line_width_min_pixels=2, pickable=False),
    # sizes in metres with pixel bounds (pydeck would read a plain "pixels" string as an expression)
    pdk.Layer("ScatterplotLayer", id="groups", data=points, get_position="[lon, lat]", get_fill_color="color",
              get_radius=250, radius_min_pixels=7, radius_max_pixels=12, stroked=True, get_line_color=[255, 255, 255],
              line_width_min_pixels=1, pickable=True, auto_highlight=True),
    pdk.Layer("ScatterplotLayer", id="you", data=[{"lon": place.longitude, "lat": place.latitude}],
              get_position="[lon, lat]", get_fill_color=[200, 60, 60, 255], get_radius=150, radius_min_pixels=6,
              radius_max_pixels=9, pickable=False),
]
zoom = max(3.0, min(13.0, 12.0 - math.log2(max(a.max_distance_miles, 1) / 2)))
view = pdk.ViewState(latitude=place.latitude, longitude=place.longitude, zoom=zoom)
tooltip = {"text": "{name}\n{fit}\n{miles}"}  # plain text, never HTML
if config.basemap:  # map_style=None: Streamlit picks a Carto basemap (no token) that follows the theme
    deck = pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_style=None)
else:  # no provider and pydeck's default style marker: no basemap, no third-party request at all
    deck = pdk.Deck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider=None)

event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="group_map", height=420,
                        alt=f"Map of {len(matches)} in-person support groups near {place.label}; "
                            "the same groups are listed below the map.")
chosen = (event.selection.objects.get("groups") or [None])[0] if event and event.selection else None
if chosen:
    for m in matches:
        if m.listing.id == chosen.get("id"):
            st.markdown("**Selected on the map**")
            card(m, key="map-selected")
            break
else:
    st.markdown("Tap a dot to see the group and add it to your shortlist.")

st.header("The same groups as a list")
if not matches:
    st.markdown("No in-person group fits within this distance. The matches page can widen the search.")
st.markdown("\n".join(f"{i}. **{esc(m.listing.name)}** — {m.distance_miles or 0:.1f} mi — fit {m.score}/100"
                      + (" — *sample listing*" if m.listing.sample else "")
                      for i, m in enumerate(matches, 1)))
with st.expander("Open a group's card from the list"):
    options = {m.listing.id: m for m in matches}
    pick = st.selectbox("Group", list(options), index=None, format_func=lambda i: options[i].listing.name,
                        placeholder="Choose a group")
    if pick:
        card(options[pick], key="map-list")
link("pages/matches.py", "Back to your matches", icon=":material/groups:")
link("pages/shortlist.py", "Your shortlist", icon=":material/bookmark:")
