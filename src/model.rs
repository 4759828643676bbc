//! The scoring model: a versioned JSON document (SPEC rows 3-9, 21).
//!
//! Parsing reports the path of the first problem (`rules[3].points: expected
//! a whole number`); `to_json` writes the same shape back, so a model
//! round-trips unchanged.

use crate::json::read::{self, Cx, FromJson, Value};
use crate::routing::Routing;
use crate::sla::Calendar;
use crate::Error;

pub const MODEL_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Model {
    pub version: u32,
    #[cfg_attr(test, serde(default, skip_serializing_if = "String::is_empty"))]
    pub name: String,
    /// Score at or above which a lead is a Marketing Qualified Lead.
    pub threshold: i32,
    #[cfg_attr(test, serde(default))]
    pub decay: Decay,
    pub rules: Vec<Rule>,
    /// Business calendar for the SLA clock (default: UTC, Mon-Fri 09:00-17:00).
    #[cfg_attr(test, serde(default, skip_serializing_if = "is_default"))]
    pub calendar: Calendar,
    #[cfg_attr(test, serde(default, skip_serializing_if = "is_default"))]
    pub sla: Sla,
    #[cfg_attr(test, serde(default, skip_serializing_if = "is_default"))]
    pub routing: Routing,
    /// What sales decisions do next (SPEC section 6).
    #[cfg_attr(test, serde(default, skip_serializing_if = "is_default"))]
    pub feedback: Feedback,
}
crate::json_read!(Model { version: required, name: default, threshold: required, decay: default, rules: required, calendar: default, sla: default, routing: default, feedback: default });
crate::json_object!(Model { version, name if String::is_empty, threshold, decay, rules, calendar if is_default, sla if is_default, routing if is_default, feedback if is_default });

/// How long a lead sales rejected as premature stays recycled (in the
/// education nurture) before it is re-evaluated on new behavior.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Feedback {
    pub premature_days: u32,
}
crate::json_read!(Feedback { premature_days: required });
crate::json_object!(Feedback { premature_days });

impl Default for Feedback {
    fn default() -> Self {
        Feedback { premature_days: 30 }
    }
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// Service-level windows. Hand-raisers are always due by the close of
/// their business day; behavioral MQLs after this many hours of business
/// days.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Sla {
    pub behavioral_hours: u32,
}
crate::json_read!(Sla { behavioral_hours: required });
crate::json_object!(Sla { behavioral_hours });

impl Default for Sla {
    fn default() -> Self {
        Sla { behavioral_hours: 24 }
    }
}

/// How positive behavioral points shrink with whole days since the last
/// engagement. Fit points and negative points never decay.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(tag = "kind", rename_all = "snake_case", try_from = "DecayWire"))]
pub enum Decay {
    #[default]
    None,
    /// The first step whose `max_days` is >= the days since engagement
    /// gives the factor; past the last step, `after`.
    Steps { steps: Vec<DecayStep>, after: f64 },
    /// Points halve every `days` days.
    HalfLife { days: f64 },
}
impl crate::json::ToJson for Decay {
    fn write_json(&self, out: &mut String) {
        match self {
            Decay::None => out.push_str(r#"{"kind":"none"}"#),
            Decay::Steps { steps, after } => {
                out.push_str(r#"{"kind":"steps","steps":"#);
                steps.write_json(out);
                out.push_str(r#","after":"#);
                after.write_json(out);
                out.push('}');
            }
            Decay::HalfLife { days } => {
                out.push_str(r#"{"kind":"half_life","days":"#);
                days.write_json(out);
                out.push('}');
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct DecayStep {
    pub max_days: u32,
    pub factor: f64,
}
crate::json_read!(DecayStep { max_days: required, factor: required });
crate::json_object!(DecayStep { max_days, factor });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Rule {
    pub id: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "String::is_empty"))]
    pub label: String,
    /// Points per hit; negative for low-fit or low-intent signals.
    #[cfg_attr(test, serde(default))]
    pub points: i32,
    #[cfg_attr(test, serde(default = "yes", skip_serializing_if = "is_true"))]
    pub enabled: bool,
    /// Qualifies the lead whatever its score (a demo request).
    #[cfg_attr(test, serde(default, skip_serializing_if = "is_false"))]
    pub instant_mql: bool,
    /// Keeps the lead from MQL whatever its score (competitor, student).
    #[cfg_attr(test, serde(default, skip_serializing_if = "is_false"))]
    pub disqualify: bool,
    pub when: When,
}
crate::json_read!(Rule { id: required, label: default, points: default, enabled: (yes()), instant_mql: default, disqualify: default, when: required });
crate::json_object!(Rule { id, label if String::is_empty, points, enabled if is_true, instant_mql if is_false, disqualify if is_false, when });

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// What a rule looks at. Field rules are fit; event and number rules are
/// behavior (they decay).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(tag = "kind", rename_all = "snake_case", try_from = "WhenWire"))]
pub enum When {
    Field(FieldTest),
    Event(EventTest),
    Number(NumberTest),
}
/// `{"kind": ..., the test's fields}`, as serde's internal tag writes it.
impl crate::json::ToJson for When {
    fn write_json(&self, out: &mut String) {
        let (kind, test): (&str, &dyn crate::json::JsonFields) = match self {
            When::Field(t) => ("field", t),
            When::Event(t) => ("event", t),
            When::Number(t) => ("number", t),
        };
        crate::json::tagged(out, kind, test)
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct FieldTest {
    /// A canonical key (`title`), a header as in the file (`Use Case`), or
    /// `email_domain`.
    pub field: String,
    pub op: FieldOp,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub values: Vec<String>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub min: Option<f64>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub max: Option<f64>,
    /// Strict upper bound: `number < below` ("fewer than 50 employees").
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub below: Option<f64>,
}
crate::json_read!(FieldTest { field: required, op: required, values: default, min: default, max: default, below: default });
crate::json_object!(FieldTest { field, op, values if Vec::is_empty, min if Option::is_none, max if Option::is_none, below if Option::is_none });

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum FieldOp {
    /// The trimmed value equals the single entry of `values` (any case).
    Equals,
    /// The trimmed value equals one of `values` (any case).
    OneOf,
    /// The value contains one of `values` as a substring (any case).
    Contains,
    /// The value, split on every non-alphanumeric character, holds one of
    /// `values` as a token; a value with several words (`vice president`)
    /// must appear as consecutive tokens.
    HasToken,
    /// `min <= number <= max` and `number < below` (any bound may be left
    /// out, not all); an empty or non-numeric value never matches.
    Range,
    Empty,
    NotEmpty,
}
crate::json_read_enum!(FieldOp {
    Equals "equals",
    OneOf "one_of",
    Contains "contains",
    HasToken "has_token",
    Range "range",
    Empty "empty",
    NotEmpty "not_empty",
});
crate::json_name!(FieldOp, |o| match o {
    FieldOp::Equals => "equals",
    FieldOp::OneOf => "one_of",
    FieldOp::Contains => "contains",
    FieldOp::HasToken => "has_token",
    FieldOp::Range => "range",
    FieldOp::Empty => "empty",
    FieldOp::NotEmpty => "not_empty",
});

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct EventTest {
    /// The activity type (`page_view`).
    pub event: String,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub detail_contains: Option<String>,
    pub count: EventCount,
    /// With `in_last_days` / `in_any_days`: how many events are needed.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub at_least: Option<u32>,
    /// With `in_last_days` / `in_any_days`: the window in days.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub days: Option<u32>,
    /// With `each`: the most points (in absolute value) the rule can give.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub cap: Option<u32>,
}
crate::json_object!(EventTest { event, detail_contains if Option::is_none, count, at_least if Option::is_none, days if Option::is_none, cap if Option::is_none });

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum EventCount {
    /// Points once if any matching event happened.
    Once,
    /// Points per matching event (up to `cap`).
    Each,
    /// Points once if `at_least` matching events fall in (as_of - days, as_of].
    InLastDays,
    /// Points once if some span [t, t + days) holds `at_least` matching events.
    InAnyDays,
}
crate::json_read_enum!(EventCount { Once "once", Each "each", InLastDays "in_last_days", InAnyDays "in_any_days" });
crate::json_name!(EventCount, |c| match c {
    EventCount::Once => "once",
    EventCount::Each => "each",
    EventCount::InLastDays => "in_last_days",
    EventCount::InAnyDays => "in_any_days",
});

/// A numeric lead column that measures engagement (`Number of Pageviews`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct NumberTest {
    pub field: String,
    /// Points for every whole `per` units of the value.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub per: Option<f64>,
    /// Points once when the value is at least this.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub at_least: Option<f64>,
    /// With `per`: the most points (in absolute value) the rule can give.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub cap: Option<u32>,
}
crate::json_object!(NumberTest { field, per if Option::is_none, at_least if Option::is_none, cap if Option::is_none });

/// How `when` and `decay` are read: one flat object whose `kind` says which
/// parameters belong. Reading it flat (not as a tagged enum) lets errors
/// name the exact field.
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
struct WhenWire {
    kind: WhenKind,
    field: Option<String>,
    op: Option<FieldOp>,
    #[cfg_attr(test, serde(default))]
    values: Vec<String>,
    min: Option<f64>,
    max: Option<f64>,
    below: Option<f64>,
    event: Option<String>,
    detail_contains: Option<String>,
    count: Option<EventCount>,
    at_least: Option<f64>,
    days: Option<u32>,
    cap: Option<u32>,
    per: Option<f64>,
}
crate::json_read!(WhenWire {
    kind: required, field: optional, op: optional, values: default, min: optional, max: optional, below: optional,
    event: optional, detail_contains: optional, count: optional, at_least: optional, days: optional, cap: optional,
    per: optional,
});

#[derive(Clone, Copy)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
enum WhenKind {
    Field,
    Event,
    Number,
}
crate::json_read_enum!(WhenKind { Field "field", Event "event", Number "number" });

/// `Err` naming the first parameter that does not belong to `kind`.
fn only(kind: &str, params: &[(&str, bool)]) -> Result<(), String> {
    match params.iter().find(|(_, present)| *present) {
        Some((name, _)) => Err(format!("{name} does not go with kind {kind}")),
        None => Ok(()),
    }
}

fn needed<T>(value: Option<T>, what: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing {what}"))
}

/// A `when` or `decay` read flat, then checked; an error names the object.
fn from_wire<W: FromJson, T>(v: &Value, cx: &mut Cx, check: fn(W) -> Result<T, String>) -> Result<T, read::Error> {
    check(W::from_json(v, cx)?).map_err(|e| cx.error(v.end(), e))
}

impl FromJson for When {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, read::Error> {
        from_wire(v, cx, when_from_wire)
    }
}

/// The reference reader (serde, in tests) goes through the same checks.
#[cfg(test)]
impl TryFrom<WhenWire> for When {
    type Error = String;
    fn try_from(w: WhenWire) -> Result<When, String> {
        when_from_wire(w)
    }
}

fn when_from_wire(w: WhenWire) -> Result<When, String> {
    {
        match w.kind {
            WhenKind::Field => {
                only("field", &[
                    ("event", w.event.is_some()),
                    ("detail_contains", w.detail_contains.is_some()),
                    ("count", w.count.is_some()),
                    ("at_least", w.at_least.is_some()),
                    ("days", w.days.is_some()),
                    ("cap", w.cap.is_some()),
                    ("per", w.per.is_some()),
                ])?;
                Ok(When::Field(FieldTest {
                    field: needed(w.field, "field (the column to test)")?,
                    op: needed(w.op, "op (equals, one_of, contains, has_token, range, empty or not_empty)")?,
                    values: w.values,
                    min: w.min,
                    max: w.max,
                    below: w.below,
                }))
            }
            WhenKind::Event => {
                only("event", &[
                    ("field", w.field.is_some()),
                    ("op", w.op.is_some()),
                    ("values", !w.values.is_empty()),
                    ("min", w.min.is_some()),
                    ("max", w.max.is_some()),
                    ("below", w.below.is_some()),
                    ("per", w.per.is_some()),
                ])?;
                let at_least = match w.at_least {
                    Some(n) if n.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&n) => {
                        return Err("at_least: expected a whole number of events".to_string())
                    }
                    n => n.map(|n| n as u32),
                };
                Ok(When::Event(EventTest {
                    event: needed(w.event, "event (the activity type, e.g. page_view)")?,
                    detail_contains: w.detail_contains,
                    count: needed(w.count, "count (once, each, in_last_days or in_any_days)")?,
                    at_least,
                    days: w.days,
                    cap: w.cap,
                }))
            }
            WhenKind::Number => {
                only("number", &[
                    ("op", w.op.is_some()),
                    ("values", !w.values.is_empty()),
                    ("min", w.min.is_some()),
                    ("max", w.max.is_some()),
                    ("below", w.below.is_some()),
                    ("event", w.event.is_some()),
                    ("detail_contains", w.detail_contains.is_some()),
                    ("count", w.count.is_some()),
                    ("days", w.days.is_some()),
                ])?;
                Ok(When::Number(NumberTest {
                    field: needed(w.field, "field (the numeric column)")?,
                    per: w.per,
                    at_least: w.at_least,
                    cap: w.cap,
                }))
            }
        }
    }
}

#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
struct DecayWire {
    kind: DecayKind,
    steps: Option<Vec<DecayStep>>,
    after: Option<f64>,
    days: Option<f64>,
}
crate::json_read!(DecayWire { kind: required, steps: optional, after: optional, days: optional });

#[derive(Clone, Copy)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
enum DecayKind {
    None,
    Steps,
    HalfLife,
}
crate::json_read_enum!(DecayKind { None "none", Steps "steps", HalfLife "half_life" });

impl FromJson for Decay {
    fn from_json(v: &Value, cx: &mut Cx) -> Result<Self, read::Error> {
        from_wire(v, cx, decay_from_wire)
    }
}

#[cfg(test)]
impl TryFrom<DecayWire> for Decay {
    type Error = String;
    fn try_from(w: DecayWire) -> Result<Decay, String> {
        decay_from_wire(w)
    }
}

fn decay_from_wire(w: DecayWire) -> Result<Decay, String> {
    {
        match w.kind {
            DecayKind::None => {
                only("none", &[("steps", w.steps.is_some()), ("after", w.after.is_some()), ("days", w.days.is_some())])?;
                Ok(Decay::None)
            }
            DecayKind::Steps => {
                only("steps", &[("days", w.days.is_some())])?;
                Ok(Decay::Steps {
                    steps: needed(w.steps, "steps ([{\"max_days\": 30, \"factor\": 1.0}, ...])")?,
                    after: needed(w.after, "after (the factor past the last step, e.g. 0.0)")?,
                })
            }
            DecayKind::HalfLife => {
                only("half_life", &[("steps", w.steps.is_some()), ("after", w.after.is_some())])?;
                Ok(Decay::HalfLife { days: needed(w.days, "days (the half-life in days)")? })
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Category {
    Fit,
    Behavior,
}
crate::json_name!(Category, |c| if c == Category::Fit { "fit" } else { "behavior" });

impl Rule {
    pub fn category(&self) -> Category {
        match self.when {
            When::Field(_) => Category::Fit,
            When::Event(_) | When::Number(_) => Category::Behavior,
        }
    }
}

/// The presets that ship with the engine, by name.
pub const PRESETS: &[(&str, &str)] = &[("seed-example", include_str!("presets/seed-example.json"))];

pub fn preset(name: &str) -> Result<Model, Error> {
    match PRESETS.iter().find(|(n, _)| *n == name) {
        Some((_, json)) => Model::from_json(json),
        None => {
            let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
            Err(Error::new(format!("no preset named \"{name}\" (presets: {})", names.join(", "))))
        }
    }
}

impl Model {
    pub fn seed_example() -> Model {
        preset("seed-example").expect("the shipped preset is valid")
    }

    pub fn from_json(json: &str) -> Result<Model, Error> {
        let model: Model = read::from_str(json).map_err(|e| {
            // A syntax error has no path of its own: the one where it is.
            let path = e.path.unwrap_or_else(|| json_path_at(json, e.line, e.column));
            let what = plain_serde_message(&e.message);
            match path.as_str() {
                "" => Error::new(format!("model: {what}")),
                _ => Error::new(format!("{path}: {what}")),
            }
        })?;
        model.validate()?;
        Ok(model)
    }

    pub fn to_json(&self) -> String {
        crate::json::pretty(&crate::json::to_string(self))
    }

    /// Checks what the JSON shape cannot: versions, required parameters,
    /// sensible ranges. The first problem is reported with its path.
    pub fn validate(&self) -> Result<(), Error> {
        let fail = |path: String, what: &str| Err(Error::new(format!("{path}: {what}")));
        if self.version != MODEL_VERSION {
            return fail(
                "version".into(),
                &format!("this is version {}, this engine reads version {MODEL_VERSION}", self.version),
            );
        }
        match &self.decay {
            Decay::None => {}
            Decay::Steps { steps, after } => {
                let mut last = None;
                for (i, s) in steps.iter().enumerate() {
                    if !(0.0..=1.0).contains(&s.factor) {
                        return fail(format!("decay.steps[{i}].factor"), "expected a number from 0 to 1");
                    }
                    if last.is_some_and(|l| s.max_days <= l) {
                        return fail(format!("decay.steps[{i}].max_days"), "steps must have increasing max_days");
                    }
                    last = Some(s.max_days);
                }
                if !(0.0..=1.0).contains(after) {
                    return fail("decay.after".into(), "expected a number from 0 to 1");
                }
            }
            Decay::HalfLife { days } => {
                if *days <= 0.0 {
                    return fail("decay.days".into(), "the half-life must be more than 0 days");
                }
            }
        }
        self.calendar.compile().map_err(Error::new)?;
        if self.sla.behavioral_hours == 0 {
            return fail("sla.behavioral_hours".into(), "must be 1 or more");
        }
        self.routing.validate().map_err(Error::new)?;
        if !(1..=3650).contains(&self.feedback.premature_days) {
            return fail("feedback.premature_days".into(), "expected whole days from 1 to 3650 (default 30)");
        }
        // The engine's one string-keyed table type (a std set would add SipHash
        // and a hash table instance to the wasm).
        let mut ids: rustc_hash::FxHashMap<String, usize> = Default::default();
        for (i, r) in self.rules.iter().enumerate() {
            let at = |f: &str| format!("rules[{i}].{f}");
            if r.id.trim().is_empty() {
                return fail(at("id"), "every rule needs an id");
            }
            if ids.insert(r.id.clone(), i).is_some() {
                return fail(at("id"), &format!("\"{}\" is used by an earlier rule", r.id));
            }
            match &r.when {
                When::Field(t) => {
                    if t.field.trim().is_empty() {
                        return fail(at("when.field"), "name the field to test");
                    }
                    let needs_values = matches!(t.op, FieldOp::OneOf | FieldOp::Contains | FieldOp::HasToken);
                    if needs_values && t.values.iter().all(|v| v.trim().is_empty()) {
                        return fail(at("when.values"), "give at least one value");
                    }
                    if t.op != FieldOp::Range && (t.min.is_some() || t.max.is_some() || t.below.is_some()) {
                        return fail(at("when"), "min, max and below go with op range");
                    }
                    if t.op == FieldOp::Equals && t.values.len() != 1 {
                        return fail(at("when.values"), "equals takes exactly one value (use one_of for several)");
                    }
                    if t.op == FieldOp::Range {
                        if t.min.is_none() && t.max.is_none() && t.below.is_none() {
                            return fail(at("when"), "a range needs min, max or below");
                        }
                        if let (Some(a), Some(b)) = (t.min, t.max.or(t.below)) {
                            if a > b {
                                return fail(at("when.min"), "min is above the upper bound");
                            }
                        }
                    }
                }
                When::Event(t) => {
                    if t.event.trim().is_empty() {
                        return fail(at("when.event"), "name the activity type (e.g. page_view)");
                    }
                    let windowed = matches!(t.count, EventCount::InLastDays | EventCount::InAnyDays);
                    if windowed {
                        if t.at_least.unwrap_or(0) == 0 {
                            return fail(at("when.at_least"), "a time-window rule needs at_least of 1 or more");
                        }
                        if t.days.unwrap_or(0) == 0 {
                            return fail(at("when.days"), "a time-window rule needs days of 1 or more");
                        }
                    } else if t.at_least.is_some() || t.days.is_some() {
                        return fail(at("when"), "at_least and days go with count in_last_days or in_any_days");
                    }
                    if t.cap.is_some() && t.count != EventCount::Each {
                        return fail(at("when.cap"), "cap goes with count each");
                    }
                }
                When::Number(t) => {
                    if t.field.trim().is_empty() {
                        return fail(at("when.field"), "name the numeric column");
                    }
                    match (t.per, t.at_least) {
                        (Some(p), None) if p > 0.0 => {}
                        (Some(_), None) => return fail(at("when.per"), "per must be more than 0"),
                        (None, Some(_)) => {
                            if t.cap.is_some() {
                                return fail(at("when.cap"), "cap goes with per");
                            }
                        }
                        _ => return fail(at("when"), "give either per (points per unit) or at_least (points once)"),
                    }
                }
            }
        }
        Ok(())
    }
}

/// The path (`rules[3].when.op`) of the value being read at a syntax
/// error's position (1-based line and byte column): the containers open
/// there and the key or index inside the innermost one. A value just read
/// keeps its key until the next comma. (Errors in the shape carry their
/// path from the reader.)
fn json_path_at(text: &str, line: usize, column: usize) -> String {
    let bytes = text.as_bytes();
    let line_start = match line {
        0 | 1 => 0,
        n => bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(n - 2).map_or(bytes.len(), |(i, _)| i + 1),
    };
    let end = (line_start + column).min(bytes.len());
    enum Step {
        Key(String),
        Index(usize),
        Open,
    }
    fn render(stack: &[Step]) -> String {
        let mut path = String::new();
        for step in stack {
            match step {
                Step::Key(k) if path.is_empty() => path.push_str(k),
                Step::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Step::Index(n) => path.push_str(&format!("[{n}]")),
                Step::Open => {}
            }
        }
        path
    }
    // One entry per open container: what it is at now.
    let mut stack: Vec<Step> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                // A string in an object where a key is expected is the key.
                if let Some(top @ Step::Open) = stack.last_mut() {
                    let key = text.get(start..i.min(text.len())).unwrap_or("");
                    *top = Step::Key(read::from_str(&format!("\"{key}\"")).unwrap_or_else(|_| key.to_string()));
                }
            }
            b'{' => stack.push(Step::Open),
            b'[' => stack.push(Step::Index(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Step::Index(n)) => *n += 1,
                Some(top) => *top = Step::Open,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    render(&stack)
}

/// Turns serde's wording into a marketer's.
fn plain_serde_message(m: &str) -> String {
    let m = m.split(" at line ").next().unwrap_or(m);
    if m.contains("expected i32") || m.contains("expected u32") {
        let got = m.split(':').nth(1).map(|s| s.split(',').next().unwrap_or("").trim());
        return match got {
            Some(g) if !g.is_empty() => format!("expected a whole number, found {g}"),
            _ => "expected a whole number".to_string(),
        };
    }
    if m.contains("expected f64") {
        return "expected a number".to_string();
    }
    m.replace("variant", "value").replace("`", "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_preset_round_trips_byte_for_byte() {
        let text = PRESETS[0].1;
        let m = Model::from_json(text).unwrap();
        assert_eq!(m.to_json(), text.trim_end());
        assert_eq!(Model::from_json(&m.to_json()).unwrap(), m);
    }

    #[test]
    fn errors_name_the_path() {
        let mut m: serde_json::Value = serde_json::from_str(PRESETS[0].1).unwrap();
        m["rules"][3]["points"] = serde_json::json!(1.5);
        let e = Model::from_json(&m.to_string()).unwrap_err().0;
        assert!(e.starts_with("rules[3].points: expected a whole number"), "{e}");

        let mut m: serde_json::Value = serde_json::from_str(PRESETS[0].1).unwrap();
        m["rules"][4]["when"]["count"] = serde_json::json!("sometimes");
        let e = Model::from_json(&m.to_string()).unwrap_err().0;
        assert!(e.starts_with("rules[4].when"), "{e}");
        assert!(e.contains("sometimes"), "{e}");
    }

    #[test]
    fn error_paths_follow_the_text() {
        let at = |text: &str, needle: &str| {
            let offset = text.find(needle).unwrap() + needle.len();
            let line = text[..offset].matches('\n').count() + 1;
            let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
            json_path_at(text, line, column)
        };
        let text = "{\"a\": [1, {\"b\": \"x,]}\"}, [2, 3]],\n \"c\": {\"d\\\"e\": 1}}";
        assert_eq!(at(text, "[1"), "a[0]");
        assert_eq!(at(text, "\"b\""), "a[1].b");
        assert_eq!(at(text, "x,]}\""), "a[1].b", "commas and brackets inside strings are text");
        assert_eq!(at(text, "[2, 3"), "a[2][1]");
        assert_eq!(at(text, "\"d\\\"e\": 1"), "c.d\"e");
        assert_eq!(at(text, "1}}"), "");
        assert_eq!(json_path_at("{", 1, 1), "");
    }
}
