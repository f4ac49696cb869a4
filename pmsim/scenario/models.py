"""The scenario format: the contract instructors write against.

One definition gives three things: typed objects for the engine, validation with precise
locations, and the JSON Schema an editor completes from. Every default of the format is stated
here, on its field, and nowhere else. Cross-references between ids are checked in
`crossref.py`, because they need the whole file.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 3

MetricName = Literal["satisfaction", "customers", "revenue", "tech_health", "morale"]
METRICS: tuple[str, ...] = MetricName.__args__  # type: ignore[attr-defined]
Pillar = Literal["customer", "business", "technology", "trust"]
Principle = Literal[
    "prioritization", "discovery", "influence", "balance", "roadmap", "outcomes", "customer_voice"
]
PRINCIPLES: tuple[str, ...] = Principle.__args__  # type: ignore[attr-defined]
Difficulty = Literal["tutorial", "easy", "medium", "hard", "expert"]
RequestKind = Literal["feature", "improvement", "bug", "tech_debt", "experiment", "compliance"]
Reveals = Literal["impact", "cost", "both"]
Reaction = Literal["built", "declined", "postponed", "promise_kept", "promise_broken", "escalated"]

# Lower-case letters, digits, '-' and '_'; unique within its list.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Percent = Annotated[float, Field(ge=0, le=100)]
Points = Annotated[int, Field(ge=1, le=1000)]
LAST_ROUND = 52
"""The most rounds a game can have (a year of weekly sprints)."""
RoundNumber = Annotated[int, Field(ge=1, le=LAST_ROUND)]


def _ordered(pair: list[float]) -> list[float]:
    if pair[0] > pair[1]:
        raise PydanticCustomError(
            "range_order", "the range is backwards: write the lower bound first, as [low, high]"
        )
    return pair


Range = Annotated[
    list[float],
    Field(min_length=2, max_length=2, description="[low, high], both included."),
    AfterValidator(_ordered),
]
CostRange = Annotated[
    list[Points],
    Field(min_length=2, max_length=2, description="[low, high] in points, both included."),
    AfterValidator(_ordered),
]


def _one_or_per_round(value: Any) -> Any:
    """Accept a single number as shorthand for the same capacity every round."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, list):
        return value
    raise PydanticCustomError(
        "capacity_shape",
        "should be a whole number of points, or a list with one number per round",
    )


Capacity = Annotated[
    list[Points],
    Field(min_length=1),
    BeforeValidator(_one_or_per_round),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 1000},
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1, "maximum": 1000},
                    "minItems": 1,
                },
            ],
            "description": "Points the team can deliver per round: one number for every round, "
            "or a list with one number per round.",
        }
    ),
]


class Strict(BaseModel):
    """Base for every part of the format: unknown keys are errors, and no type coercion."""

    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, frozen=True, use_attribute_docstrings=True
    )


# --- conditions -------------------------------------------------------------------------------


class _Threshold(Strict):
    below: float | None = None
    """Holds when the value is strictly below this."""
    above: float | None = None
    """Holds when the value is strictly above this."""

    @model_validator(mode="after")
    def _needs_a_bound(self) -> _Threshold:
        if self.below is None and self.above is None:
            raise PydanticCustomError("threshold", "needs 'below' or 'above' (or both)")
        return self


class ShippedCondition(Strict):
    shipped: Id
    """Holds once this request has been delivered."""


class DiscoveredCondition(Strict):
    discovered: Id
    """Holds once any discovery method has been run on this request."""


class DeclinedCondition(Strict):
    declined: Id
    """Holds once the player has answered this request with a no."""


class FiredCondition(Strict):
    fired: Id
    """Holds once this event has fired."""


class MetricCondition(_Threshold):
    metric: MetricName
    """Which metric to compare."""


class TrustCondition(_Threshold):
    trust: Id
    """The stakeholder whose trust (0-100) is compared."""


class ShippedOnTimeCondition(Strict):
    shipped_on_time: Id
    """Holds once this request has been delivered on time: by its deadline, and without
    breaking a promise made about it (a request forced in late is not on time)."""


class ShippedByChoiceCondition(Strict):
    shipped_by_choice: Id
    """Holds once this request has been delivered and the player had put it in a plan
    themselves (not only forced in by an escalation or an event)."""


class BrokePromiseCondition(Strict):
    broke_promise: Id
    """Holds once a promise about this request has been broken."""


Tally = Literal[
    "promises_broken", "promises_kept", "overbooked_rounds", "discovery_runs", "flagged_built",
    "escalations",
]


class CountCondition(_Threshold):
    count: Tally
    """What to count over the rounds played: promises broken or kept, rounds whose plan asked
    for more points than the capacity (overbooked), discovery runs, requests built although
    their discovery put them at a net loss (flagged), escalations over the PM's head. Compared
    with `below` / `above`."""


class PillarCondition(_Threshold):
    pillar: Pillar
    """Which pillar of the score (0-150, 100 = target met) to compare, as it stands."""


class WorldCondition(Strict):
    world: Id
    """Holds when the game is played in this world (see `worlds`). Lessons only: the world is
    hidden from the player until the debrief."""


class RoundCondition(Strict):
    from_round: RoundNumber
    """Holds from this round on."""


class AllCondition(Strict):
    all: list[Condition] = Field(min_length=1)
    """Holds when every condition in the list holds."""


class AnyCondition(Strict):
    any: list[Condition] = Field(min_length=1)
    """Holds when at least one condition in the list holds."""


class NotCondition(Strict):
    not_: Condition = Field(alias="not")
    """Holds when the condition does not."""


CONDITION_KEYS: tuple[str, ...] = (
    "shipped", "discovered", "declined", "fired", "metric", "trust", "from_round", "all", "any",
    "not", "shipped_on_time", "shipped_by_choice", "broke_promise", "count", "pillar", "world",
)


def _condition_kind(value: Any) -> str | None:
    """Pick the kind of a condition by its key, so an error names one kind, not nine."""
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True)
    if isinstance(value, dict):
        for key in CONDITION_KEYS:
            if key in value:
                return f"{key} condition"
    return None


Condition = Annotated[
    Annotated[ShippedCondition, Tag("shipped condition")]
    | Annotated[DiscoveredCondition, Tag("discovered condition")]
    | Annotated[DeclinedCondition, Tag("declined condition")]
    | Annotated[FiredCondition, Tag("fired condition")]
    | Annotated[MetricCondition, Tag("metric condition")]
    | Annotated[TrustCondition, Tag("trust condition")]
    | Annotated[RoundCondition, Tag("from_round condition")]
    | Annotated[AllCondition, Tag("all condition")]
    | Annotated[AnyCondition, Tag("any condition")]
    | Annotated[NotCondition, Tag("not condition")]
    | Annotated[ShippedOnTimeCondition, Tag("shipped_on_time condition")]
    | Annotated[ShippedByChoiceCondition, Tag("shipped_by_choice condition")]
    | Annotated[BrokePromiseCondition, Tag("broke_promise condition")]
    | Annotated[CountCondition, Tag("count condition")]
    | Annotated[PillarCondition, Tag("pillar condition")]
    | Annotated[WorldCondition, Tag("world condition")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition is a mapping with one of the keys: "
        + ", ".join(CONDITION_KEYS),
    ),
]

# --- the parts of a scenario --------------------------------------------------------------------


class Metrics(Strict):
    """The product's state at the start. Satisfaction, tech health and morale are 0-100."""

    satisfaction: Percent = 60
    """How happy customers are with the product (0-100)."""
    customers: int = Field(default=1000, ge=0)
    """Paying customers or active users."""
    revenue: float = Field(default=10000, ge=0)
    """Revenue earned each round, in the scenario's currency."""
    tech_health: Percent = 70
    """How easy the code is to change; low health slows the team and invites outages (0-100)."""
    morale: Percent = 70
    """The team's energy; overcommitment lowers it, low morale lowers capacity (0-100)."""


class Weights(Strict):
    """Relative weights of the four pillars in the final score; they need not add up to 1."""

    customer: float = Field(default=0.35, ge=0)
    """Weight of the customer pillar (satisfaction and customers)."""
    business: float = Field(default=0.35, ge=0)
    """Weight of the business pillar (revenue earned over the game)."""
    technology: float = Field(default=0.15, ge=0)
    """Weight of the technology pillar (tech health)."""
    trust: float = Field(default=0.15, ge=0)
    """Weight of the trust pillar (influence-weighted stakeholder trust)."""

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if self.customer + self.business + self.technology + self.trust <= 0:
            raise PydanticCustomError("weights", "at least one pillar needs a weight above 0")
        return self


class Targets(Strict):
    """End-of-game values that count as full marks (a pillar of 100). A missing target means:
    satisfaction and customers should grow by a step (10 points, or 10 %), revenue should grow
    by 10 %, and tech health and trust should hold their starting level."""

    satisfaction: Percent | None = None
    """Satisfaction at the end that earns full marks (0-100)."""
    customers: int | None = Field(default=None, ge=0)
    """Customers at the end that earn full marks."""
    revenue: float | None = Field(default=None, ge=0)
    """Revenue per round at the end; the business pillar counts revenue earned every round."""
    tech_health: Percent | None = None
    """Tech health at the end that earns full marks (0-100)."""
    trust: Percent | None = None
    """Average stakeholder trust, weighted by influence."""


class Steps(Strict):
    """What one step of each measure is. A pillar is 100 at its target and 50 one step short
    (and a pillar's step is never smaller than the distance from the start to its target).
    Analysis values requests in the same steps, so the score and the policies agree."""

    satisfaction: float = Field(default=10, gt=0)
    """Points of satisfaction (0-100)."""
    tech_health: float = Field(default=10, gt=0)
    """Points of tech health (0-100)."""
    morale: float = Field(default=10, gt=0)
    """Points of morale (0-100); morale is not a pillar, but policies weigh it."""
    trust: float = Field(default=20, gt=0)
    """Points of influence-weighted average trust (0-100). Wide enough that a good player
    gains on trust without reaching the pillar's cap of 150."""
    growth: float = Field(default=0.1, gt=0, le=10)
    """Share of the starting customers, and of the starting revenue, that is one step."""


class Scoring(Strict):
    weights: Weights = Weights()
    """How much each pillar counts in the final score."""
    targets: Targets = Targets()
    """The end-of-game values that earn a pillar full marks."""
    steps: Steps = Steps()
    """How big one step of each measure is, for the score and the analysis."""


class TrustRules(Strict):
    """How stakeholder trust moves (points of 0-100). The PM cannot set trust, only earn it."""

    built: float = 3
    """When a stakeholder's request ships."""
    kept_promise: float = 4
    """When a request promised for 'next' is built in the round it was promised for. A promise
    that was re-dated or slipped is never 'kept' later."""
    delivered_at_once: float = 4
    """When a request is built in the round it was asked for (not forced): nobody waited. As
    much as a kept promise, so making people wait for a promise never pays better."""
    broken_promise: float = -8
    """When a promised request is silently not built: worse than a refusal."""
    replanned_with_evidence: float = -2
    """When a promise is taken back after new evidence on it (discovery or an event)."""
    replanned: float = -5
    """When a promise is taken back with no new evidence."""
    declined: float = -6
    """A flat no."""
    declined_with_evidence: float = -2
    """A no backed by discovery whose findings undercut the pitch (the evidence says it is
    worth at most `evidence_undercuts` of what was claimed, per point). Between that and
    evidence that backs the pitch, the cost slides to a flat no's."""
    evidence_undercuts: float = Field(default=0.6, gt=0, le=1)
    """How far below the claim (value per point, as a share) the evidence must put a request
    for a no to count as fully explained; at the claim or above, a no is flat."""
    postponed: float = -2
    """'Not now'."""
    later: float = -1
    """Placed on the roadmap under 'later': acknowledged, no date."""
    parked_wear: float = Field(default=-0.5, le=0)
    """A request left under 'later' or 'not now' wears thin: each further round it stays
    parked costs this much more than the round before (round 1: this, round 2: twice this,
    ...), up to `parked_wear_max`."""
    parked_wear_max: float = Field(default=-1.5, le=0)
    """The most one parked request costs per round."""
    ignored: float = -3
    """Each round an open request has no answer at all (an answer stands until changed, so
    silence after 'later' wears as 'later' does, instead)."""
    metric_reaction: float = 3
    """Most a stakeholder's trust moves in a round because a metric they care about moved."""
    escalation_below: Percent = 25
    """Below this trust a stakeholder may escalate: their most pressing request is forced into
    the round. The chance grows from 0 here to 1 at `escalation_below - escalation_band`."""
    escalation_band: float = Field(default=15, gt=0, le=100)
    """Trust points over which the chance of an escalation ramps from 0 to 1."""
    escalation_cooldown: int = Field(default=2, ge=0, le=52)
    """Rounds after an escalation in which the same stakeholder does not escalate again."""
    cooperation_below: Percent = 40
    """Below this average trust (influence-weighted), cooperation slows and capacity drops."""
    cooperation_penalty: float = Field(default=0.15, ge=0, le=1)
    """Share of capacity lost when cooperation is at its slowest."""
    cooperation_band: float = Field(default=15, gt=0, le=100)
    """Trust points below `cooperation_below` over which the loss ramps up to the full
    `cooperation_penalty`."""


class TeamRules(Strict):
    """How the team's capacity responds to the way it is run."""

    overcommit_morale: float = Field(default=2.0, ge=0)
    """Morale lost per point planned beyond capacity."""
    overcommit_tech_health: float = Field(default=0.5, ge=0)
    """Tech health lost per point planned beyond capacity (rushed work)."""
    morale_recovery: float = Field(default=3, ge=0)
    """Morale regained in a round that is not overcommitted."""
    slow_below: Percent = 50
    """Morale or tech health below this lowers effective capacity, more the lower it goes."""
    tired_per_point: float = Field(default=0.01, ge=0, le=0.05)
    """Share of capacity lost per point of morale below `slow_below` (0.01: 10 % at 10
    points below)."""
    debt_per_point: float = Field(default=0.008, ge=0, le=0.05)
    """Share of capacity lost per point of tech health below `slow_below` (0.008: 8 % at 10
    points below)."""


class ProductRules(Strict):
    """How the product drifts when nobody acts."""

    tech_decay: float = Field(default=2, ge=0)
    """Tech health lost each round to wear, unless tech-debt work holds it off."""
    tech_upkeep: float = Field(default=3, ge=0)
    """Points of tech-debt work shipped in a round that hold off that round's decay entirely;
    fewer points hold off a share (a ramp: one token fix does not stop the wear)."""
    outage_below: Percent = 30
    """Below this tech health, an outage may happen; the lower, the likelier."""
    outage_satisfaction: float = -6
    """Satisfaction change when an outage happens."""
    churn_below: Percent = 50
    """Below this satisfaction, customers leave each round."""
    churn_per_point: float = Field(default=0.004, ge=0, le=1)
    """Share of customers lost per round per satisfaction point below `churn_below`."""
    growth_above: Percent = 70
    """Above this satisfaction, word of mouth brings customers each round."""
    growth_per_point: float = Field(default=0.002, ge=0, le=1)
    """Share of customers gained per round per satisfaction point above `growth_above`."""
    late_rounds: int = Field(default=2, ge=1, le=52)
    """Rounds after a deadline over which a request's value slides down to its `late_value`
    (a ramp, not a cliff): one round late loses 1/late_rounds of what lateness can cost."""


class Rules(Strict):
    """The numbers behind the simulation. Every one has a default; override only what your
    scenario needs to teach."""

    trust: TrustRules = TrustRules()
    """How stakeholder trust moves."""
    team: TeamRules = TeamRules()
    """How morale and tech health change the team's capacity."""
    product: ProductRules = ProductRules()
    """How tech health decays and late work loses value."""


class Stakeholder(Strict):
    id: Id
    """A short unique name that requests and events use to refer to this person, e.g. 'maya'."""
    name: Title
    """The person's name, as the player will see it."""
    role: Title
    """Their job, e.g. 'Head of Sales'."""
    trust: Percent = 50
    """Starting trust in the PM (0-100)."""
    influence: int = Field(default=3, ge=1, le=5)
    """How much weight their voice carries (1-5): who the 'loudest' baseline listens to."""
    cares_about: list[MetricName] = []
    """Metrics this person watches; they react when those move."""
    optimism: Annotated[
        list[Annotated[float, Field(gt=0, le=10)]],
        Field(min_length=2, max_length=2),
        AfterValidator(_ordered),
    ] = [0.7, 2.0]
    """How far this person's numbers run above the truth: a factor drawn once per game from
    [low, high] (1 = right on average, 2 = double). Drawn per game, so a player cannot learn
    who to distrust from one game to the next; only evidence tells."""
    insight: float = Field(default=0.3, ge=0, le=1)
    """With `worlds`: the chance that this person's hunch about the market is right, drawn
    once per game (0-1). Otherwise they pitch as if in a world drawn by the worlds' chances, so
    a pitch shows what they believe, and pitches alone cannot tell the player which world they
    are in; evidence can. Without worlds it has no effect (validate warns)."""
    bio: Text | None = None
    """A line or two about them, shown in the briefing."""
    quotes: dict[Reaction, Text] = {}
    """What they say when you react to their requests; the game has plain defaults."""


class Request(Strict):
    id: Id
    """A short unique name other parts of the file use for this request, e.g. 'sso'."""
    title: Title
    """The request as the player sees it on its card, e.g. 'Single sign-on'."""
    asked_by: Id
    """The stakeholder who asks for it."""
    pitch: Text
    """What they say, in their words. A claim, not evidence."""
    kind: RequestKind = "feature"
    """What sort of work it is (shown on the card): feature, improvement, bug, tech_debt,
    experiment or compliance."""
    estimate: Points
    """The team's estimate, in points."""
    cost: CostRange | None = None
    """Where the real cost lies, in points; it must contain the estimate. Default: exactly the
    estimate."""
    claims: list[MetricName] | None = None
    """The metrics the pitch puts numbers on. The numbers are drawn each game from the true
    impact, the asker's `optimism` and this request's `uncertainty`; write `{metric}` in the
    pitch (for example `{revenue}`) to show them in the asker's words. Default: every metric of
    `impact` whose range reaches above 0."""
    claimed_impact: dict[MetricName, float] | None = None
    """Format 1 only: its metrics are taken as `claims`; the numbers are ignored."""
    uncertainty: float = Field(default=0.6, ge=0, le=3)
    """How far off the pitch's numbers can be: the spread of a log-normal factor on each
    claimed number (0: only the asker's optimism; 0.4: often off by a third; 1: by 2.7x)."""
    impact: dict[MetricName, Range] = {}
    """The true impact on each metric when shipped, drawn once per game from the range."""
    impact_in: dict[Id, dict[MetricName, Range]] = {}
    """The true impact in each named world (see `worlds`), in place of `impact`: which request
    pays can change from one game to the next, so only evidence, not a replay, tells. A world
    not named here uses `impact`."""
    adoption: int = Field(default=1, ge=1, le=52)
    """Rounds over which the impact arrives after shipping, in equal parts (1: all at once).
    Value still to arrive when the game ends is not counted: outcomes lag output."""
    neglect: dict[MetricName, Range] = {}
    """Change to each metric every round the request is not shipped once it has arrived, also
    after it is declined: the problem remains (e.g. a bug eroding satisfaction)."""
    neglect_in: dict[Id, dict[MetricName, Range]] = {}
    """The cost of waiting in each named world (see `worlds`), in place of `neglect`: a problem
    that hurts in one world and not in another. A world not named here uses `neglect`."""
    arrives: RoundNumber | None = None
    """The round it appears on the board. Default: round 1, or when an event adds it."""
    deadline: RoundNumber | None = None
    """The last round in which shipping it gives full value."""
    late_value: float = Field(default=0.0, ge=0, le=1)
    """Share of the impact still gained when shipped long after the deadline: the value
    slides down to it over `rules.product.late_rounds` rounds (one round late keeps more)."""
    depends_on: list[Id] = []
    """Requests that must be shipped before this one can be built."""
    evidence: dict[Id, Text] = {}
    """What each discovery method says about this request, keyed by method id. Write
    `{metric}` (or `{cost}`) to show the number the method found this game."""

    def impact_for(self, world: str) -> dict[MetricName, Range]:
        """The ranges the true impact is drawn from in `world` ('' when there are none)."""
        return self.impact_in.get(world, self.impact)

    def neglect_for(self, world: str) -> dict[MetricName, Range]:
        """The ranges the cost of waiting is drawn from in `world` ('' when there are none)."""
        return self.neglect_in.get(world, self.neglect)

    @property
    def varies_by_world(self) -> bool:
        """Whether any world changes what this request is worth."""
        return bool(self.impact_in or self.neglect_in)

    def impact_range(self, metric: str) -> tuple[float, float]:
        """The range the true impact on `metric` can come from, over every world: the player's
        prior, and the scale of a finding's error. (0, 0) when no world moves it; a world that
        does not move a metric counts as 0 when another does."""
        ranges = (self.impact, *self.impact_in.values())
        bounds = [r.get(metric) for r in ranges]  # type: ignore[call-overload]
        found = [b for b in bounds if b]
        if not found:
            return (0.0, 0.0)
        low, high = min(b[0] for b in found), max(b[1] for b in found)
        if len(found) < len(bounds):
            low, high = min(low, 0.0), max(high, 0.0)
        return (low, high)

    def moved_metrics(self) -> tuple[str, ...]:
        """Every metric the truth can move, in any world, in file order."""
        ranges = (self.impact, *self.impact_in.values())
        return tuple(dict.fromkeys(m for r in ranges for m in r))

    def claimed_metrics(self) -> tuple[str, ...]:
        """The metrics the pitch puts numbers on (see `claims`)."""
        if self.claims is not None:
            return tuple(self.claims)
        if self.claimed_impact is not None:
            return tuple(self.claimed_impact)
        return tuple(m for m in self.moved_metrics() if self.impact_range(m)[1] > 0)


class DiscoveryMethod(Strict):
    id: Id
    """A short unique name that requests' `evidence` uses for this method, e.g. 'interviews'."""
    name: Title
    """The method as the player sees it, e.g. 'Customer interviews'."""
    description: Text | None = None
    """What running it involves, shown to the player when choosing a method."""
    cost: int = Field(default=1, ge=0, le=1000)
    """Points of capacity it uses."""
    reveals: Reveals = "impact"
    """Whether it measures the impact, the cost, or both."""
    precision: float = Field(default=0.5, ge=0, le=1)
    """How noisy a finding is: the spread of its error, as a share of the width of the range
    the truth is drawn from (0: exact; 0.5: often off by half the range). Two methods err
    independently, so they can disagree; their findings combined are more precise."""
    sees: list[MetricName] | None = None
    """The metrics it can measure; it is silent about the rest (a prototype tests usability,
    not willingness to pay). Default: every metric."""
    bias: float = Field(default=0.0, ge=-1, le=1)
    """A lean every impact finding of this method shares, as a share of the range's width
    (interviews hear what people would like: +0.2). The player is not told it."""


class Effects(Strict):
    metrics: dict[MetricName, float] = {}
    """Immediate change to each metric."""
    trust: dict[Id, float] = {}
    """Immediate change to each stakeholder's trust."""
    capacity: int = Field(default=0, ge=-1000, le=1000)
    """Change to this round's capacity, in points."""
    add_requests: list[Id] = []
    """Requests that arrive on the board now."""
    withdraw_requests: list[Id] = []
    """Requests taken off the board (a deal lost, a need gone)."""
    force_requests: list[Id] = []
    """Requests that must be built this round: an escalation over the PM's head."""


class Event(Strict):
    id: Id
    """A short unique name for the event, used by `fired` conditions, e.g. 'outage'."""
    title: Title
    """The headline the player sees when it fires."""
    message: Text
    """What the player reads when it fires."""
    speaker: Id | None = None
    """The stakeholder who brings the news, if any."""
    round: RoundNumber | None = None
    """The round it fires in, as that round begins and before the player plans it; the player
    reads it at the end of the previous round's results (an event in round 1 fires before the
    first plan). With 'when', only if that holds then."""
    when: Condition | None = None
    """A condition: it fires as the first round in which this holds begins (checked as each
    round begins, before the player plans). With 'round', it fires in that round only if this
    holds."""
    chance: float = Field(default=1.0, ge=0, le=1)
    """Probability it fires when due, drawn from the game's seed."""
    repeat: bool = False
    """Whether it can fire again in a later round while its condition holds."""
    effects: Effects = Effects()
    """What changes when it fires: metrics, trust, capacity, requests added, withdrawn or forced."""
    informs: list[Id] = []
    """Requests this news is evidence about: changing a promise on them afterwards counts as
    replanning with evidence (cheaper in trust than breaking it)."""

    @model_validator(mode="after")
    def _has_a_trigger(self) -> Event:
        if self.round is None and self.when is None:
            raise PydanticCustomError(
                "trigger", "an event needs 'round' (when it fires) or 'when' (a condition), or both"
            )
        return self


class Lesson(Strict):
    id: Id | None = None
    """A name for the lesson in results and JSON; by default `lesson-N`, N its place in the
    list from 1."""
    principle: Principle
    """Which principle of the game this lesson is about."""
    text: Text
    """What the debrief tells the player: the lesson, in a sentence or two."""
    kind: Literal["praise", "mistake", "note"] = "note"
    """Whether the lesson praises what the player did, names a mistake (what went wrong or was
    missed), or is a note that is neither; the debrief shows mistakes first."""
    when: Condition | None = None
    """Shown in the debrief only when this holds at the end; always shown when omitted."""


class Hint(Strict):
    round: RoundNumber
    """The round whose planning board shows this hint."""
    text: Text
    """The hint, a sentence or two of coaching."""


class Promise(Strict):
    """A request the inherited roadmap promises for a named round."""

    request: Id
    """The request promised."""
    round: RoundNumber
    """The round it is promised for: shipping it by the end of that round keeps the promise."""


class Roadmap(Strict):
    """The roadmap the player inherits: promises already made."""

    now: list[Id] = []
    """Requests already promised for the first round."""
    next: list[Id] = []
    """Requests already promised for the round after."""
    later: list[Id] = []
    """Requests already on the roadmap with no date."""
    promised: list[Promise] = []
    """Requests already promised for a named round, for dates beyond 'next' (for example a
    feature the board was told would ship in month 5)."""

    def dated(self) -> dict[str, int]:
        """Every promised request and the round it is promised for: 'now' is round 1, 'next'
        round 2, then `promised` (later rounds are not clamped to the game's length)."""
        return {**dict.fromkeys(self.now, 1), **dict.fromkeys(self.next, 2),
                **{p.request: p.round for p in self.promised}}


MOST_WORLDS = 12
"""The most worlds a scenario can state: more than a learner can weigh, and each one adds to the
skill-versus-luck analysis's work."""


class World(Strict):
    """One way the world might be, unknown to the player: a hypothesis about the customers or
    the market that decides which requests pay (see requests' `impact_in`). Each game is played
    in one world, drawn from the seed by the worlds' chances."""

    id: Id
    """A short unique name that requests' `impact_in` and `world` conditions use, e.g.
    'price-first'."""
    title: Title
    """What was true in this world, in a line, as the debrief reveals it, e.g. 'Clinics chose
    on price this year'."""
    chance: float = Field(gt=0, le=1)
    """The probability that a game is played in this world; the worlds' chances add up to 1."""
    story: Text | None = None
    """What the debrief adds about this world: what a test could have shown, and where."""


class Scenario(Strict):
    """A pmsim scenario: one product, one team, a few rounds of decisions."""

    format: Literal[1, 2, 3]
    """Version of this format; currently 3, which adds `worlds`. Format 2 files load unchanged;
    format 1 files too: their requests' `claimed_impact` names the claimed metrics and its
    numbers are ignored."""
    id: Id
    """A short unique name for the scenario, which `pmsim play ID` and replays use, e.g.
    'clinic-portal'."""
    title: Title
    """The scenario's name in the picker and on the briefing."""
    summary: Text
    """One or two sentences for the scenario picker."""
    briefing: Text
    """What the player reads before round 1: the company, the product, the goal."""
    difficulty: Difficulty = "medium"
    """How hard the scenario is, shown in the picker: tutorial, easy, medium, hard or expert."""
    tags: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = []
    """Words for finding the scenario, e.g. [discovery, b2b]."""
    rounds: RoundNumber
    """How many rounds the game lasts."""
    round_name: Annotated[str, StringConstraints(min_length=1, max_length=30)] = "sprint"
    """What a round is called in this company: sprint, month, quarter."""
    capacity: Capacity
    metrics: Metrics = Metrics()
    """Where the product starts: satisfaction, customers, revenue, tech health, morale."""
    scoring: Scoring = Scoring()
    """How the final score weighs the pillars, and the targets that earn full marks."""
    stakeholders: list[Stakeholder] = Field(min_length=1)
    """The people who ask for things; at least one."""
    requests: list[Request] = Field(min_length=1)
    """What the stakeholders ask the team to build; at least one."""
    discovery: list[DiscoveryMethod] = []
    """The ways the team can test an assumption before building."""
    events: list[Event] = []
    """Things that happen as a round begins: news, a crisis, an escalation."""
    lessons: list[Lesson] = []
    """Debrief lessons, each tied to a principle and, optionally, to what happened."""
    hints: list[Hint] = []
    """Coaching shown on the planning board in a given round (tutorials)."""
    worlds: list[World] = Field(default=[], max_length=MOST_WORLDS)
    """The ways the world might be (format 3): each game is played in one, drawn by chance, and
    requests' `impact_in` says what they are worth there. None: every game in the same world."""
    roadmap: Roadmap = Roadmap()
    """The roadmap the player inherits: promises already made."""
    rules: Rules = Rules()
    """The numbers behind the simulation; every one has a default."""

    def capacity_in(self, round_number: int) -> int:
        """Planned capacity of a round (1-based); a single number applies to every round."""
        if len(self.capacity) == 1:
            return self.capacity[0]
        return self.capacity[round_number - 1]


for _model in (AllCondition, AnyCondition, NotCondition, Lesson, Event, Scenario):
    _model.model_rebuild()
