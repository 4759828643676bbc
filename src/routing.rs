//! Who works an MQL (SPEC row 15): an ordered list of rules to a rep or a
//! pool, first match wins, a default pool last; inside a pool, round robin
//! in order of crossing time, weighted by capacity, skipping reps who are
//! away. Same data, same assignments.

use crate::dataset::LeadTable;
use crate::fields::FieldMatcher;
use crate::model::FieldTest;
use crate::time::Time;

#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Routing {
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub rules: Vec<RouteRule>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub pools: Vec<Pool>,
    /// The pool for MQLs no rule matches.
    #[cfg_attr(test, serde(default, skip_serializing_if = "String::is_empty"))]
    pub default_pool: String,
}
crate::json_read!(Routing { rules: default, pools: default, default_pool: default });
crate::json_object!(Routing { rules if Vec::is_empty, pools if Vec::is_empty, default_pool if String::is_empty });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct RouteRule {
    pub when: FieldTest,
    /// A named rep...
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub rep: Option<String>,
    /// ...or a pool.
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    pub pool: Option<String>,
}
crate::json_read!(RouteRule { when: required, rep: default, pool: default });
crate::json_object!(RouteRule { when, rep if Option::is_none, pool if Option::is_none });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Pool {
    pub name: String,
    pub reps: Vec<Rep>,
}
crate::json_read!(Pool { name: required, reps: required });
crate::json_object!(Pool { name, reps });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Deserialize, serde::Serialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct Rep {
    pub name: String,
    /// Capacity relative to the others in the pool (default 1).
    #[cfg_attr(test, serde(default = "one", skip_serializing_if = "is_one"))]
    pub weight: u32,
    #[cfg_attr(test, serde(default, skip_serializing_if = "std::ops::Not::not"))]
    pub away: bool,
}
crate::json_read!(Rep { name: required, weight: (one()), away: default });
crate::json_object!(Rep { name, weight if is_one, away if std::ops::Not::not });

fn one() -> u32 {
    1
}
fn is_one(w: &u32) -> bool {
    *w == 1
}

/// Who got an MQL and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Assignment {
    /// `None` when the pool had no rep available.
    pub rep: Option<String>,
    /// `rule 2`, `pool emea`, `default pool inbound`, or why nobody.
    pub via: String,
}
crate::json_object!(Assignment { rep, via });

impl Routing {
    pub fn validate(&self) -> Result<(), String> {
        // The engine's one string-keyed table type (see `Model::validate`).
        let mut names: rustc_hash::FxHashMap<String, usize> = Default::default();
        for (i, p) in self.pools.iter().enumerate() {
            if p.name.trim().is_empty() {
                return Err(format!("routing.pools[{i}].name: every pool needs a name"));
            }
            if names.insert(p.name.clone(), i).is_some() {
                return Err(format!("routing.pools[{i}].name: \"{}\" is used by an earlier pool", p.name));
            }
            for (j, r) in p.reps.iter().enumerate() {
                if r.name.trim().is_empty() {
                    return Err(format!("routing.pools[{i}].reps[{j}].name: every rep needs a name"));
                }
                if r.weight == 0 {
                    return Err(format!("routing.pools[{i}].reps[{j}].weight: must be 1 or more (mark the rep away instead)"));
                }
            }
        }
        for (i, r) in self.rules.iter().enumerate() {
            match (&r.rep, &r.pool) {
                (Some(_), None) => {}
                (None, Some(p)) if names.contains_key(p.as_str()) => {}
                (None, Some(p)) => return Err(format!("routing.rules[{i}].pool: no pool named \"{p}\"")),
                _ => return Err(format!("routing.rules[{i}]: give either rep or pool")),
            }
        }
        if !self.default_pool.is_empty() && !names.contains_key(self.default_pool.as_str()) {
            return Err(format!("routing.default_pool: no pool named \"{}\"", self.default_pool));
        }
        Ok(())
    }

    /// Assigns `mqls` (lead index, crossing time). Returned in the order
    /// given; round robin runs in order of crossing time, ties by lead.
    pub fn assign(&self, leads: &LeadTable, mqls: &[(usize, Time)]) -> Vec<Assignment> {
        let matchers: Vec<Option<FieldMatcher>> = self.rules.iter().map(|r| FieldMatcher::compile(&r.when, leads)).collect();
        let pool_index = |name: &str| self.pools.iter().position(|p| p.name == name);
        let mut turn: Vec<Vec<i64>> = self.pools.iter().map(|p| vec![0; p.reps.len()]).collect();
        let mut order: Vec<u32> = (0..mqls.len() as u32).collect();
        crate::sort::indices_by(&mut order, &|a, b| {
            let (a, b) = (&mqls[a as usize], &mqls[b as usize]);
            (a.1, a.0).cmp(&(b.1, b.0))
        });
        let mut out = vec![Assignment { rep: None, via: String::new() }; mqls.len()];
        for k in order.into_iter().map(|k| k as usize) {
            let lead = mqls[k].0;
            let rule = matchers.iter().position(|m| m.as_ref().is_some_and(|m| m.matches(leads, lead)));
            let (pool, via) = match rule.map(|i| (i, &self.rules[i])) {
                Some((i, RouteRule { rep: Some(rep), .. })) => {
                    out[k] = Assignment { rep: Some(rep.clone()), via: format!("rule {}", i + 1) };
                    continue;
                }
                Some((i, r)) => (r.pool.as_deref().and_then(pool_index), format!("rule {}, pool {}", i + 1, r.pool.as_deref().unwrap_or(""))),
                None if self.default_pool.is_empty() => (None, "no rule matched and there is no default pool".to_string()),
                None => (pool_index(&self.default_pool), format!("default pool {}", self.default_pool)),
            };
            let rep = pool.and_then(|p| next_rep(&self.pools[p], &mut turn[p]));
            let via = if pool.is_some() && rep.is_none() { format!("{via}: every rep is away") } else { via };
            out[k] = Assignment { rep, via };
        }
        out
    }
}

/// Smooth weighted round robin: every available rep gains its weight, the
/// one furthest ahead (first in the list on ties) takes the lead and drops
/// back by the total. Over a cycle each rep gets leads in proportion to its
/// weight, spread out rather than in runs.
fn next_rep(pool: &Pool, turn: &mut [i64]) -> Option<String> {
    let total: i64 = pool.reps.iter().filter(|r| !r.away).map(|r| i64::from(r.weight)).sum();
    if total == 0 {
        return None;
    }
    let mut best: Option<usize> = None;
    for (i, r) in pool.reps.iter().enumerate().filter(|(_, r)| !r.away) {
        turn[i] += i64::from(r.weight);
        if best.is_none_or(|b| turn[i] > turn[b]) {
            best = Some(i);
        }
    }
    let b = best?;
    turn[b] -= total;
    Some(pool.reps[b].name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads(csv: &str) -> LeadTable {
        let mut log = crate::dataset::ActivityLog::default();
        crate::import::import_leads(csv.as_bytes(), &[], &mut log).unwrap().0
    }

    fn routing(json: &str) -> Routing {
        let r: Routing = serde_json::from_str(json).unwrap();
        r.validate().unwrap();
        r
    }

    fn reps(a: &[Assignment]) -> Vec<&str> {
        a.iter().map(|a| a.rep.as_deref().unwrap_or("-")).collect()
    }

    #[test]
    fn first_matching_rule_wins_then_the_default_pool() {
        let t = leads("id,territory,company_size\nA,EMEA,100\nB,NA,9000\nC,EMEA,9000\nD,APAC,10\n");
        let r = routing(
            r#"{"rules": [
                {"when": {"field": "company_size", "op": "range", "min": 5000}, "rep": "Erin (enterprise)"},
                {"when": {"field": "territory", "op": "one_of", "values": ["emea"]}, "pool": "emea"}],
              "pools": [{"name": "emea", "reps": [{"name": "Ana"}]}, {"name": "inbound", "reps": [{"name": "Ida"}]}],
              "default_pool": "inbound"}"#,
        );
        let a = r.assign(&t, &[(0, 10), (1, 20), (2, 30), (3, 40)]);
        assert_eq!(reps(&a), ["Ana", "Erin (enterprise)", "Erin (enterprise)", "Ida"]);
        assert_eq!(a[0].via, "rule 2, pool emea");
        assert_eq!(a[3].via, "default pool inbound");
    }

    #[test]
    fn round_robin_follows_crossing_time_weights_and_skips_the_away() {
        let t = leads("id\nA\nB\nC\nD\nE\nF\n");
        let r = routing(
            r#"{"pools": [{"name": "p", "reps": [{"name": "Ana", "weight": 2}, {"name": "Bo", "away": true}, {"name": "Cy"}]}],
                "default_pool": "p"}"#,
        );
        // Given out of crossing order: the turn follows crossing times.
        let mqls = [(0, 60), (1, 10), (2, 50), (3, 20), (4, 40), (5, 30)];
        let a = r.assign(&t, &mqls);
        let by_time: Vec<&str> = {
            let mut k: Vec<usize> = (0..6).collect();
            k.sort_by_key(|&i| mqls[i].1);
            k.iter().map(|&i| a[i].rep.as_deref().unwrap()).collect()
        };
        assert_eq!(by_time, ["Ana", "Cy", "Ana", "Ana", "Cy", "Ana"]);
        assert!(!by_time.contains(&"Bo"));
        assert_eq!(a, r.assign(&t, &mqls), "deterministic");
    }

    #[test]
    fn nobody_available_is_said() {
        let t = leads("id\nA\n");
        let r = routing(r#"{"pools": [{"name": "p", "reps": [{"name": "Bo", "away": true}]}], "default_pool": "p"}"#);
        let a = r.assign(&t, &[(0, 1)]);
        assert_eq!((a[0].rep.as_deref(), a[0].via.as_str()), (None, "default pool p: every rep is away"));
    }

    #[test]
    fn validation_names_the_field() {
        let bad = |j: &str| serde_json::from_str::<Routing>(j).unwrap().validate().unwrap_err();
        assert_eq!(bad(r#"{"rules": [{"when": {"field": "x", "op": "empty"}, "pool": "nope"}]}"#), "routing.rules[0].pool: no pool named \"nope\"");
        assert_eq!(bad(r#"{"rules": [{"when": {"field": "x", "op": "empty"}}]}"#), "routing.rules[0]: give either rep or pool");
        assert_eq!(bad(r#"{"pools": [{"name": "a", "reps": [{"name": "A", "weight": 0}]}]}"#), "routing.pools[0].reps[0].weight: must be 1 or more (mark the rep away instead)");
        assert_eq!(bad(r#"{"default_pool": "x"}"#), "routing.default_pool: no pool named \"x\"");
    }
}
