"""The fact base's closed vocabularies: bases, check rules, qualifiers, statuses, kinds and
topics (what the schema allows, what search and the views understand).
"""

BASES = ("nominal", "real")
CHECK_RULES = ("sum", "same", "within")
#: the statuses of a figure that is a plan's, not a reported result (预计, 有望, 力争, 目标)
PLAN_STATUSES = ("estimate", "expected", "target")
#: over_about (余, 多): more than the number, less than the next step of its last digit
#: (420余 is (420, 430)); about (约, 左右, 近) is close to it either way
QUALIFIERS = (
    "exact",
    "over",
    "at_least",
    "over_about",
    "about",
    "under",
    "at_most",
    # a plan's status written as the qualifier (fact bases written before ``status``)
    *PLAN_STATUSES,
)
STATUSES = ("actual", *PLAN_STATUSES)
KINDS = (
    "level",
    "cumulative",
    "count",
    "growth_rate",
    "change",
    "share",
    "rate",
    "rank",
    "multiple",
    "ratio",
    "duration",
    "target_gap",
)
TOPICS = (
    "economy",
    "fiscal",
    "industry",
    "investment",
    "tourism",
    "agriculture",
    "rural",
    "environment",
    "urban",
    "livelihood",
    "health",
    "education",
    "reform",
    "innovation",
    "governance",
    "party",
    "safety",
)
