"""Guide: what support groups are, why they help, the three kinds, how to find and choose one."""

import streamlit as st

from pages.common import CONTENT, link, page_shell

page_shell()


def section(name: str) -> str:
    """A guide section from content/guide/, its title as a sub-heading."""
    text = (CONTENT / "guide" / f"{name}.md").read_text(encoding="utf-8")
    return "##" + text[1:] if text.startswith("# ") else text


st.title("Finding a support group")
st.markdown(section("01-what"))
st.markdown(section("02-why"))

st.header("Three kinds of group")
st.markdown("Which sounds most like what you need right now? Pick one to read about it — you can look at all three.")
kinds = {"peer": "People who've been there", "professional": "A professional to guide us",
         "online": "Something I can join from home"}
chosen = st.segmented_control("What sounds most like you?", options=list(kinds), format_func=kinds.get,
                              default="peer", key="guide_kind")
for kind in kinds:
    with st.expander(section(f"03-{kind}").splitlines()[0].lstrip("# "), expanded=kind == chosen):
        st.markdown("\n".join(section(f"03-{kind}").splitlines()[1:]))

st.markdown(section("04-find"))
st.markdown(section("05-first-meeting"))
st.markdown(section("06-choose"))

st.divider()
st.markdown("**Ready?** Eight short steps, about two minutes. Every question can be skipped, and nothing "
            "you answer is stored.")
link("pages/questionnaire.py", "Find groups that fit me", icon=":material/arrow_forward:")
