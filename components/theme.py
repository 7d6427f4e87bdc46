"""One palette for every chart and page (Okabe-Ito, colour-blind safe)."""

TYPE_COLORS = {
    "armed_assault": "#D55E00",
    "bombing": "#E69F00",
    "suicide_bombing": "#CC79A7",
    "attack_unknown_method": "#8C8C8C",
    "security_operation": "#0072B2",
    "premature_explosion": "#009E73",
}
FALLBACK_COLOR = "#56B4E9"  # a type the palette does not know (imported vocabularies)
KILLED_COLOR = "#222222"
INJURED_COLOR = "#A6A6A6"
INCIDENTS_COLOR = "#C9C9C9"
SPAN_COLOR = "rgba(0, 114, 178, 0.12)"
STATUS_SYMBOLS = {"announced": "circle-open", "planned": "diamond-open", "adopted": "circle", "implemented": "square"}
FONT = {"family": "sans-serif", "size": 14}


def type_color(incident_type: str) -> str:
    return TYPE_COLORS.get(incident_type, FALLBACK_COLOR)
