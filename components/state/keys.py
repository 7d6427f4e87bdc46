"""Every session-state key and URL parameter name the app reads or writes, in one place.

Three kinds, so a reader knows who owns each value:
- URL-bound widgets (`bind="query-params"`): Streamlit keeps the widget, its session-state value and
  its URL parameter in step; the app writes them only through `st.session_state` in callbacks.
- Chart selections and the open incident: Streamlit cannot bind them, so session_ui.py keeps them
  in session state under their URL names and mirrors them into the URL through url_ui.py.
- Session-only values (never in the URL).

Keys that only tell two widgets of one run apart (a chip's or a download button's key) and are
never read back stay at the widget. Nothing here imports Streamlit: filters.py reads
the URL names to build a `Filters` value from a shared link.
"""

from __future__ import annotations

# -- URL-bound widgets ---------------------------------------------------------------------------
TYPES = "types"  # sidebar quick filter: incident types, by label
DATES = "dates"  # sidebar date range (seeded through session state, see state.seed_dates)
REGION = "region"  # sidebar region multiselect
INITIATOR = "initiator"  # sidebar initiator pills
SEARCH = "q"  # the Incidents page's text search
ORDER = "order"  # the Incidents table's order

# -- mirrored into the URL by the app -----------------------------------------------------------
SEL_GROUP = "sel_group"  # the casualty-group dimension (set by the casualties chart and its chips)
# Links made before the one filter model: a type-bar click and an escalation span were filters of
# their own. Read once (state.seed_from_url) into TYPES and DATES, then dropped from the URL.
SEL_TYPE, SEL_SPAN = "sel_type", "sel_span"
OLD_LINKS = {SEL_TYPE: "types", SEL_SPAN: "dates"}  # each with the filter dimension it meant
INCIDENT = "incident"  # the open incident on the Incidents page (the URL is its only state)
REJECT = "reject"  # Compare page: pairs rejected by hand, as "CURATED_ID:IMPORT_ID" (also a session key)
PAIR = "pair"  # Compare page: pairs made by hand, same form (also a session key)
DECISIONS = (REJECT, PAIR)
SLIDE = "slide"  # the Briefing's slide number (1-based); with a room open, the room's number wins
ROOM = "room"  # the Briefing's room code (components/briefing/rooms.py), shared by its two windows
VIEW = "view"  # "presenter" in the presenter window's URL
# The shown import's key in the import store (components/importing/store.py): a reload, a restart,
# another replica or a shared link loads it back. Only 64 lowercase hex characters are accepted.
IMPORT = "import"

# -- session only ---------------------------------------------------------------------------------
NOTES = "notes"  # the Briefing page's speaker-notes toggle
REPRODUCE = "publish_reproduce"  # the "Reproduce this view" popover open (publish.ui fills it only then)
CITE = "publish_cite"  # the "Cite" popover open, likewise
COPY_LINK = "copy_link"  # the "Copy link" popover open (state.sidebar_ui fills it only then)
SHOWN = "briefing_shown"  # the slide the Briefing shows now (its deck is a fragment: components/briefing/ui.follow)
URL_SEEDED = "url_seeded"  # chart selections were taken from the URL once this session
LINK_NOTES = "link_notes"  # what the opening link asked for that the data lacks (session_ui.seed_from_url)
ACTIVE = "active_dataset"  # this session's imported Dataset; absent means the curated data
REFUSED = "refused_import"  # (file name, problems) of the last upload that was not imported
FORMAT = "import_format"  # the Data page's format choice for uploads
DATE_ORDER = "import_date_order"  # how the shown import's all-numeric dates are read (day or month first)
UPLOADED = "import_uploaded"  # (file name, content digest, format choice) of the import shown
STORED = "import_stored"  # the store key of the import shown (absent: curated data, or not stored)
IMPORT_GONE = "import_gone"  # the URL named an import this server no longer has: the page says so
COMPARE = "compare_import"  # the Dataset opened beside the curated data (the upload's compare toggle)
COMPARE_MODE = "compare_mode"  # the upload's "Compare with the curated incidents" toggle
COMPARE_COUNTRY = "compare_country"  # the Compare page's overlap: country
COMPARE_DATES = "compare_dates"  # the Compare page's overlap: period
# A linked chart's last click (linked_ui.selected_points), by chart name: the Overview's charts and the
# Incidents map. Never versioned: a linked chart keeps no selection of its own, its figure shows the
# filters (and the map the open incident).
LINKED_CHART = "chart_{}"

# Version counters (state.bump, state.versioned_key): a bump gives the widgets keyed on it new keys,
# i.e. fresh widgets.
CHART_VERSION = "chart_version"  # the incidents table: drops its own stale selection
INCIDENT_TABLE = "incident_table"  # the Incidents table's key, versioned by CHART_VERSION
UPLOAD_VERSION = "upload_version"  # the uploader: a fresh, empty one (importing/ui.py releases the file's bytes)
UPLOAD = "upload"  # the uploader's key, versioned by UPLOAD_VERSION
