"""The smallest page a tap can redraw: a title, one line and a Next button (``bench_clicks.py``'s yardstick).

Run under the app's own configuration by ``bench_clicks.py``, in the same browser at the same size, so its
tap time says what a tap costs on this machine before the app draws anything of its own. Not a page of the
app: it is never routed to and holds no words a person reads.
"""

import streamlit as st

step = int(st.session_state.get("step", 1))
st.title("Yardstick", anchor=False)
st.markdown(f"Step {step} of 999")
st.button("Next", on_click=lambda: st.session_state.update(step=step + 1))
