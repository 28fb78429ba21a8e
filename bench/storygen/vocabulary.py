"""The words generated stories are made of: names, places, verbs, quotes (invented)."""

from __future__ import annotations

# ruff: noqa: RUF001  # typographic apostrophes in names, as real copy has them

_FIRST = (
    "Amira", "Omar", "Leila", "Karim", "Hana", "Yusuf", "Nadia", "Samir", "Rania", "Tariq",
    "Dilan", "Rojda", "Aram", "Shirin", "Hevi", "Mahmoud", "Salma", "Jamal", "Farah", "Bashar",
    "Noor", "Idris", "Layla", "Ziad", "Maya", "Hassan", "Zeynep", "Emre", "Aylin", "Murat",
    "Sean", "Claire", "Thomas", "Ingrid", "Pavel", "Marta", "Luis", "Ana", "Grace", "David",
    "Helen", "Kofi", "Amara", "Chen", "Mei", "Ravi", "Priya", "Élodie", "Jürgen", "Siobhán",
)
_LAST = (
    "Haddad", "Karimi", "Masri", "Saleh", "Bakr", "Nasser", "Rahman", "Talabani", "Zayed",
    "Hamdan", "Qadri", "Farouk", "Jaber", "Shami", "Darwish", "Khalil", "Mansour", "Aziz",
    "Youssef", "Barzani", "Osman", "Demir", "Yıldız", "Kaya", "Şahin", "Ryan", "O’Neill",
    "Fischer", "Novak", "Petrova", "García", "Moreau", "Lindqvist", "Okafor", "Mensah", "Wang",
    "Sharma", "Iyer", "Brennan", "Walsh", "Hughes", "Costa", "Ibrahim", "Suleiman", "Hussein",
    "Abbas", "Hakim", "Nouri", "Rashid", "Sabri",
)
_SURNAME_PREFIX = ("", "", "", "al-", "el-", "Abu ")
_TOWN_PREFIX = ("Al-", "Tel ", "Deir ", "Abu ", "Ain ", "Ras ", "Kafr ", "Bir ", "", "", "")
_TOWN_STEM = (
    "Qasr", "Bagh", "Ham", "Zar", "Mus", "Rak", "Hass", "Kab", "Sal", "Mar", "Jar", "Naw",
    "Shad", "Raq", "Dab", "Tab", "Hal", "Kur", "Man", "Sur",
)
_TOWN_END = ("ah", "ouz", "an", "iya", "ir", "ek", "un", "a", "ayn", "at", "ous", "im")
_RIVERS = ("Euphrates", "Khabur", "Balikh", "Tigris", "Sajur", "Zab", "Orontes")
_GROUP_ADJ = (
    "Northern", "Free", "Eastern", "United", "Popular", "Revolutionary", "Democratic",
    "National", "Independent", "Patriotic", "Southern", "Western", "Liberation", "Tribal",
)
_GROUP_NOUN = (
    "Shield", "Dawn", "Lions", "Falcons", "Mountain", "River", "Desert", "Crescent", "Tribes",
    "Homeland", "Unity", "Resistance", "Storm",
)
_GROUP_UNIT = (
    "Brigade", "Front", "Forces", "Army", "Battalions", "Movement", "Units", "Council",
    "Alliance",
)
_ORG_ADJ = (
    "International", "Crescent", "Horizon", "Global", "Regional", "Independent", "Open",
    "Civil", "Frontier", "Common", "Northern",
)
_ORG_NOUN = (
    "Medical", "Refugee", "Food", "Human Rights", "Mine Action", "Water", "Press", "Monitoring",
    "Shelter", "Legal Aid",
)
_ORG_TYPE = (
    "Agency", "Network", "Committee", "Observatory", "Foundation", "Mission", "Council",
    "Institute",
)
_STATE_ROOT = (
    "Valdor", "Kestran", "Morav", "Tarsil", "Ombar", "Zerav", "Halvet", "Ostr", "Karsh",
    "Belvan", "Ardun", "Lusk", "Merin", "Sorrav", "Tavor", "Ilyr", "Drun", "Quar",
)
_STATE_END = ("ia", "a", "istan", "and", "enia", "ova")
_PERSON_ROLES = (
    "a spokeswoman for {org}", "a spokesman for {org}", "the mayor of {town}",
    "a commander in {group}", "a doctor at the {town} field hospital", "a farmer from {town}",
    "the foreign minister of {state}", "an aid worker with {org}", "a resident of {town}",
    "a researcher at {org}", "the governor of {town} province", "a teacher in {town}",
    "a senior official in {group}", "an envoy of {state}",
)
_FACILITIES = (
    "the hospital", "the grain silos", "the main bridge", "the water station", "the old market",
    "the border crossing", "the airbase", "the oil field", "the checkpoint on the northern road",
    "the power plant", "the bakery", "the school", "the police station", "the dam",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_AGENCIES = ("AFP", "Reuters", "AP", "Getty Images", "EPA", "Anadolu")

# (past, present, object): {B} another actor, {P} a place, {N} a number, {T} a facility.
_VERBS = (
    ("shelled", "shells", "positions held by {B} near {P}"),
    ("seized", "seizes", "{T} in {P}"),
    ("withdrew from", "withdraws from", "{P}"),
    ("announced", "announces", "a ceasefire in {P}"),
    ("met", "meets", "envoys of {B} in {P}"),
    ("evacuated", "evacuates", "{N} civilians from {P}"),
    ("reopened", "reopens", "the road to {P}"),
    ("accused", "accuses", "{B} of blocking aid to {P}"),
    ("signed", "signs", "an agreement with {B}"),
    ("delivered", "delivers", "{N} tonnes of food to {P}"),
    ("arrested", "arrests", "{N} suspects in {P}"),
    ("rejected", "rejects", "a proposal from {B}"),
    ("visited", "visits", "{T} in {P}"),
    ("launched", "launches", "an offensive on {P}"),
    ("recaptured", "recaptures", "{T} from {B}"),
    ("blocked", "blocks", "the convoy bound for {P}"),
    ("demanded", "demands", "the release of {N} prisoners held by {B}"),
    ("opened", "opens", "a corridor out of {P}"),
    ("cut", "cuts", "the power line to {P}"),
    ("repaired", "repairs", "{T} in {P}"),
)
_SUBJECTLESS = (
    ("Fighting broke out in {P}", "Fighting breaks out in {P}"),
    ("Heavy rain flooded the camp outside {P}", "Rain floods the camp outside {P}"),
    ("Power returned to {P}", "Power returns to {P}"),
    ("A car bomb exploded near {T} in {P}", "Car bomb explodes near {T} in {P}"),
    ("An outbreak of cholera was reported in {P}", "Cholera outbreak reported in {P}"),
    ("The first aid convoy in weeks reached {P}", "First aid convoy in weeks reaches {P}"),
)
_CONSEQUENCES = (
    "aid agencies said the move would delay deliveries",
    "no casualties were reported",
    "residents said the fighting lasted for hours",
    "the claim could not be independently verified",
    "hundreds of families left the area the same day",
    "the decision was criticised by local leaders",
    "prices in the market doubled within a week",
    "observers called it a turning point",
)
_DIRECT = (
    "We will not leave {P} until every family is safe",
    "The progress is slow and methodical",
    "Nobody has told us when the road will reopen",
    "There is no water, no bread and no electricity",
    "We are ready to talk, but not under fire",
    "The situation in {P} is getting worse every day",
    "Our teams cannot reach the wounded",
    "This agreement is the first step, not the last",
    "We have lost everything we had",
    "The ceasefire is holding for now",
    "They came at night and took the men",
    "We call on all sides to open the road to {P}",
    "Every day we wait, more children fall ill",
    "Nobody should have to choose between hunger and bombs",
    "We counted {N} people crossing in a single night",
)
_DIRECT_CUES = ("said", "told reporters", "added", "warned", "insisted", "told journalists")
_REPORTED = (
    "the road to {P} would reopen within days",
    "{B} had violated the ceasefire",
    "more than {N} people had been displaced",
    "aid convoys had been held at the checkpoint outside {P}",
    "the offensive would be over within weeks",
    "no civilians had been harmed in the strikes on {P}",
    "{B} was preparing a new attack",
    "talks with {B} would resume after the holiday",
)
_REPORTED_CUES = ("said", "claimed", "predicted", "warned", "denied", "insisted", "believes")
_SCARE = (
    "humanitarian pause", "safe zone", "liberation", "caliphate", "temporary relocation",
    "voluntary return", "security operation", "surgical strikes", "special measures",
    "restoration of order", "de-escalation zone", "reconciliation",
)
_SCARE_FRAMES = (
    "Officials called the evacuation of {P} a “{S}”.",
    "What the authorities describe as “{S}” began in {P}.",
    "The so-called “{S}” has left thousands near {P} without shelter.",
    "Residents of {P} laughed bitterly at talk of “{S}”.",
)
_FILLERS = (
    "The road between {P} and {Q} remains closed to most traffic.",
    "Electricity has been cut for most of the day.",
    "Prices of bread and fuel have risen sharply since the winter.",
    "Many families are sheltering in schools and mosques in {P}.",
    "Satellite images show extensive damage to {T} in {P}.",
    "Few independent observers have been able to reach the area.",
    "Aid workers said conditions in the camps around {P} had worsened.",
    "Landmines and booby traps slow every advance.",
    "The population of {P} has halved since the war began.",
    "Queues for water stretch for hundreds of metres each morning.",
    "Most shops in {P} opened for only a few hours.",
    "The checkpoint at {P} changed hands twice in a week.",
)
_HEADINGS = (
    "Unexpected exodus", "A town under siege", "Talks in {P}", "Fear of reprisals",
    "The road north", "Waiting for aid", "Winter arrives", "Life underground", "Counting the dead",
    "A fragile truce", "The last bastion",
)
_CAPTIONS = (
    "Fighters stand guard as a convoy of trucks carries civilians out of {P}.",
    "Displaced families wait for food at a camp near {P}.",
    "Smoke rises over {P} after an air strike.",
    "A boy walks past the ruins of {T} in {P}.",
)
