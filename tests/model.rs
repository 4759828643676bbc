//! Model validation: each problem named by its path, in words a marketer reads.

use leadscore::model::{preset, Model};

fn seed() -> serde_json::Value {
    serde_json::from_str(&Model::seed_example().to_json()).unwrap()
}

/// The error for a model, the same whether the file is on one line or
/// pretty-printed over many (paths come from the error's line and column).
fn error(v: &serde_json::Value) -> String {
    let compact = Model::from_json(&v.to_string()).unwrap_err().to_string();
    let pretty = Model::from_json(&serde_json::to_string_pretty(v).unwrap()).unwrap_err().to_string();
    assert_eq!(compact, pretty);
    compact
}

type Change = Box<dyn FnOnce(&mut serde_json::Value)>;

fn error_after(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v = seed();
    change(&mut v);
    error(&v)
}

#[test]
fn shape_errors_name_the_path() {
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|v| v["rules"][3]["points"] = 1.5.into()), "rules[3].points: expected a whole number"),
        (Box::new(|v| v["threshold"] = "high".into()), "threshold: expected a whole number"),
        (Box::new(|v| v["rules"][0]["when"]["op"] = "sounds_like".into()), "rules[0].when.op: unknown value \"sounds_like\""),
        (Box::new(|v| v["rules"][2]["when"]["kind"] = "mood".into()), "rules[2].when.kind: unknown value \"mood\""),
        (Box::new(|v| v["rules"][1]["colour"] = "red".into()), "rules[1].colour: unknown field \"colour\""),
        (Box::new(|v| v["decay"]["steps"][0]["factor"] = "full".into()), "decay.steps[0].factor: expected a number"),
        (Box::new(|v| v.as_object_mut().unwrap().remove("threshold").map(drop).unwrap()), "model: missing field \"threshold\""),
    ];
    for (change, expected) in cases {
        let e = error_after(change);
        assert!(e.starts_with(expected), "got {e:?}, wanted {expected:?}");
    }
}

#[test]
fn meaning_errors_name_the_path() {
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|v| v["version"] = 2.into()), "version: this is version 2, this engine reads version 1"),
        (Box::new(|v| v["rules"][1]["id"] = "icp-title".into()), "rules[1].id: \"icp-title\" is used by an earlier rule"),
        (Box::new(|v| v["rules"][0]["id"] = " ".into()), "rules[0].id: every rule needs an id"),
        (Box::new(|v| v["rules"][2]["when"]["values"] = serde_json::json!([])), "rules[2].when.values: give at least one value"),
        (Box::new(|v| v["rules"][1]["when"]["min"] = 9000.0.into()), "rules[1].when.min: min is above the upper bound"),
        (Box::new(|v| v["rules"][7]["when"]["days"] = 0.into()), "rules[7].when.days: a time-window rule needs days of 1 or more"),
        (Box::new(|v| v["rules"][4]["when"]["cap"] = 3.into()), "rules[4].when.cap: cap goes with count each"),
        (Box::new(|v| v["decay"]["steps"][1]["max_days"] = 10.into()), "decay.steps[1].max_days: steps must have increasing max_days"),
        (Box::new(|v| v["decay"]["steps"][2]["factor"] = 1.5.into()), "decay.steps[2].factor: expected a number from 0 to 1"),
        (Box::new(|v| v["decay"] = serde_json::json!({"kind": "half_life", "days": 0.0})), "decay.days: the half-life must be more than 0 days"),
        (Box::new(|v| v["rules"][0]["when"]["min"] = 1.0.into()), "rules[0].when: min, max and below go with op range"),
        (Box::new(|v| v["rules"][4]["when"]["op"] = "equals".into()), "rules[4].when: op does not go with kind event"),
        (Box::new(|v| v["rules"][4]["when"].as_object_mut().unwrap().remove("count").map(drop).unwrap()),
            "rules[4].when: missing count (once, each, in_last_days or in_any_days)"),
        (Box::new(|v| v["rules"][7]["when"]["at_least"] = 2.5.into()), "rules[7].when: at_least: expected a whole number of events"),
        (Box::new(|v| v["decay"] = serde_json::json!({"kind": "steps", "after": 0.0})), "decay: missing steps ([{\"max_days\": 30, \"factor\": 1.0}, ...])"),
    ];
    for (change, expected) in cases {
        let e = error_after(change);
        assert_eq!(e, expected);
    }
}

#[test]
fn number_rules_need_exactly_one_way_to_count() {
    let mut v = seed();
    v["rules"][0] = serde_json::json!({"id": "pv", "points": 1, "when": {"kind": "number", "field": "views"}});
    assert_eq!(error(&v), "rules[0].when: give either per (points per unit) or at_least (points once)");
    v["rules"][0]["when"]["per"] = 0.0.into();
    assert_eq!(error(&v), "rules[0].when.per: per must be more than 0");
}

#[test]
fn not_json_at_all() {
    let e = Model::from_json("{").unwrap_err().to_string();
    assert!(e.starts_with("model: EOF while parsing"), "{e}");
}

#[test]
fn presets_by_name() {
    assert_eq!(preset("seed-example").unwrap(), Model::seed_example());
    assert_eq!(preset("hubspot").unwrap_err().to_string(), "no preset named \"hubspot\" (presets: seed-example)");
}
