"""Component ids, in one place (kebab-case, as the browser tests and the CSS see them)."""

URL = "url"
HEADER_WINDOW = "header-window"
NOTICE = "notice"
VIEW_SUMMARY = "view-summary"

GEO_MAP = "geo-map"
NETWORK_GRAPH = "network-graph"
TIME_BAR = "time-bar"
DETAILS = "details"

DATE_RANGE = "date-range"
PRESETS = "preset"  # pattern-matching: {"type": PRESETS, "name": ...}
PLAY = "play-button"
PLAY_TIMER = "play-timer"
STEP_BACK = "step-back"
STEP_FORWARD = "step-forward"

KINDS = "kinds"  # pattern-matching: {"type": KINDS, "stance": ...}
ACTOR_KINDS = "actor-kinds"
CONFIDENCE = "confidence"
STATES_ONLY = "states-only"
ACTOR_SEARCH = "actor-search"
CLEAR_SELECTION = "clear-selection"
SELECTION = "selection"
