"""Component ids, in one place (kebab-case, as the browser tests and the CSS see them)."""

URL = "url"
HEADER_WINDOW = "header-window"
SUBTITLE = "subtitle"  # what the data is about, under the page's name
NOTICE = "notice"
#: set when a press is answered by a notice: shown again, even in the same words
NOTICE_AGAIN = "notice-again"
VIEW_SUMMARY = "view-summary"

GEO_MAP = "geo-map"
MAP_DRAWN = "map-drawn"  # the map's note: what a large view draws, who has no place
MAP_CAMERA = "map-camera"  # where the user took the map (assets/panels.js)
#: set once a user's zoom or pan of the map has settled (assets/panels.js)
MAP_SETTLED = "map-settled"
MAP_FIT = "map-fit"  # frames the map on its actors again (assets/panels.js)
NETWORK_GRAPH = "network-graph"
NETWORK_BAR = "network-bar"  # a large view's network: overview or all, fold all
NETWORK_MODE = "network-mode"  # the View's network: "overview" or "all"
EXPANDED = "expanded"  # the Store of the states opened in the overview
FOLD_ALL = "fold-all"  # folds every opened state back (assets/clientside.js)
TIME_BAR = "time-bar"
TIME_CARD = "time-card"  # a skip link's target: the dates, the player, the bar
DETAILS = "details"

DATE_RANGE = "date-range"
PRESETS = "preset"  # pattern-matching: {"type": PRESETS, "name": ...}
PLAY = "play-button"
PLAY_TIMER = "play-timer"
STEP_BACK = "step-back"
STEP_FORWARD = "step-forward"

KINDS = "kinds"  # pattern-matching: {"type": KINDS, "stance": ..., "kind": ...}
STANCE_ONLY = "stance-only"  # pattern-matching: {"type": STANCE_ONLY, "stance": ...}
KIND_ONLY = "kind-only"  # pattern-matching: {"type": KIND_ONLY, "kind": ...}
FILTER_CHIPS = "filter-chips"
FILTER_CHIP = "filter-chip"  # pattern-matching: {"type": FILTER_CHIP, "filter": ...}
CHIPS_MORE = "chips-more"  # "+2 more": the chips with no room (assets/folding.js)
LEGEND_PICK = "legend-pick"  # the Store a click on a figure's legend entry sets
ACTOR_KINDS = "actor-kinds"
CONFIDENCE = "confidence"
STATES_ONLY = "states-only"
ACTOR_SEARCH = "actor-search"
#: the search box asks the server for the selected actor's option (assets/
#: clientside.js searchFollows): its menu does not hold every name
SEARCH_ASKS = "search-asks"
CLEAR_SELECTION = "clear-selection"
SELECTION = "selection"

FOCUS_DEPTH = "focus-depth"
PATH_FROM = "path-from"
PATH_TO = "path-to"
COLOUR_BY = "colour-by"
COMPARE_DATE = "compare-date"
MIN_SOURCES = "min-sources"
EXPORT = "export"  # pattern-matching: {"type": EXPORT, "format": ...}
DOWNLOAD = "download"

PANEL_TABS = "panel-tabs"
EVENTS_TABLE = "events-table"
RANKINGS = "rankings"
PATH_PANEL = "path-panel"
CHANGE_PANEL = "change-panel"
PAIR_TIMELINE = "pair-timeline"
ORIGINS = "origins"
EVENTS_NOTE = "events-note"
EVENTS_HOLDER = "events-holder"
RANKINGS_HOLDER = "rankings-holder"
TABLES_FILLED = "tables-filled"  # the Store of the view each table holds rows of
DETAILS_CARD = "details-card"
FULLSCREEN = "details-fullscreen"  # the button that fills the window with the card
RESIZE_HANDLE = "details-resize"
COPY_LINK = "copy-link"
#: the view a link with invalid parts shows, as its own link (Copy link)
LINK_SHOWN = "link-shown"
COPY_STATUS = "copy-status"
COPY_FIELD = "copy-field"  # the link, selected for Ctrl+C when the clipboard refuses

ROOT = "atlas-root"
DISPLAY = "display"  # the Store of how the view is shown: present, theme, story
PRESENT_TOGGLE = "present-toggle"
THEME_TOGGLE = "theme-toggle"
STORY_LINK = "story-link"  # pattern-matching: {"type": STORY_LINK, "name": ...}
STORY_LINKS = "story-links"  # the story links' list, made again for new stories
STORY_PANEL = "story-panel"
STORY_PREV = "story-prev"
STORY_NEXT = "story-next"
STORY_END = "story-end"
IMAGE_FIGURE = "image-figure"
IMAGE_EXPORT = "image-export"  # pattern-matching: {"type": IMAGE_EXPORT, "format": ...}
DECK_EXPORT = "deck-export"  # pattern-matching: {"type": DECK_EXPORT, "format": ...}
IMAGE_DOWNLOAD = "image-download"
IMAGE_STATUS = "image-status"
IMAGE_BUTTONS = "image-buttons"  # their fieldset, disabled while one renders
GRID_READY = "grid-ready"  # the Store that says the table script has loaded
VIEW = "view"  # the Store of the View: its query string and the selection
IMAGE_PROGRESS = "image-progress"
IMAGE_CANCEL = "image-cancel"
TIMELAPSE_FIGURE = "timelapse-figure"
TIMELAPSE_EXPORT = "timelapse-export"  # pattern-matching: {"type": ..., "format": ...}
TIMELAPSE_BUTTONS = "timelapse-buttons"
TIMELAPSE_DOWNLOAD = "timelapse-download"
TIMELAPSE_STATUS = "timelapse-status"
TIMELAPSE_PROGRESS = "timelapse-progress"
TIMELAPSE_CANCEL = "timelapse-cancel"
DATA_CHECK = "data-check"  # the Interval at which the page asks for new data
DATA_SEEN = "data-seen"  # the Store of which data the page shows
DATA_STATUS = "data-status"  # "updated 4 Dec 14:15 UTC, 312 new relations"
PRESET_WINDOWS = "preset-windows"  # the Store of each preset's [start, end]
PRESET_LABELS = "preset-labels"  # the Store of each preset's label, by name
PRESET_GROUP = "preset-group"  # the presets' buttons, made again for new data
KIND_GROUPS = "kind-groups"  # the kinds' boxes by stance, made again for new data
CHOICE_GROUP = "choice-group"  # pattern-matching: {"type": ..., "field": ...}
FILTER_OFFER = "filter-offer"  # the Store of the kinds and choices the page offers
PANEL_SIZES = "panel-sizes"  # the Store of the figures' sizes (assets/panels.js)
FIGURES_VIEW = "figures-view"  # the Store of the view the figures last drew
TIME_BAR_NEXT = "time-bar-next"  # the Store of the time bar's next figure
