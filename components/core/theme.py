"""One palette for every chart and page (Okabe-Ito, colour-blind safe)."""

TYPE_COLORS = {
    "armed_assault": "#D55E00",
    "bombing": "#E69F00",
    "suicide_bombing": "#CC79A7",
    "attack_unknown_method": "#8C8C8C",
    "security_operation": "#0072B2",
    "premature_explosion": "#009E73",
}
FALLBACK_COLOR = "#56B4E9"  # a type outside both the palette and the vocabulary it is drawn with
# Imported vocabularies (GTD attack types, ACLED sub-event types): Okabe-Ito first, then Tol's muted
# scheme, in the vocabulary's order (most frequent first), so the commonest types get the safest colours.
IMPORTED_PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)  # fmt: skip
KILLED_COLOR = "#222222"
INJURED_COLOR = "#A6A6A6"
INCIDENTS_COLOR = "#C9C9C9"
SPAN_COLOR = "rgba(0, 114, 178, 0.12)"
STATUS_SYMBOLS = {"announced": "circle-open", "planned": "diamond-open", "adopted": "circle", "implemented": "square"}
FONT = {"family": "sans-serif", "size": 14}


def type_color(incident_type: str, vocabulary=()) -> str:
    """The type's colour on every chart: the curated palette, else its place in the vocabulary."""
    if incident_type in TYPE_COLORS:
        return TYPE_COLORS[incident_type]
    others = [t for t in vocabulary if t not in TYPE_COLORS]
    if incident_type in others:
        return IMPORTED_PALETTE[others.index(incident_type) % len(IMPORTED_PALETTE)]
    return FALLBACK_COLOR
