//! The handoff packet (SPEC section 5): what goes to sales with each MQL.
//! Who the lead is, why it qualified, what it read, how warm it is, what
//! to open with, by when to call (SLA), who calls (routing), and whether
//! the account or the person is already known (duplicates, returning).


use rustc_hash::FxHashMap as HashMap;

use crate::dataset::{Dataset, Field};
use crate::model::Model;
use crate::outcomes::{self, DecisionView, Outcome, Reason};
use crate::scoring::{Contribution, LeadResult, Scorer, Status};
use crate::time::{format_time, whole_days, Time};
use crate::Error;

pub const SCHEMA: &str = "leadscore.handoff";
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub title: String,
    pub company: String,
    pub email: String,
    pub phone: String,
}
crate::json_object!(Contact { id, name, title, company, email, phone });

impl Contact {
    /// Who lead `i` is, from its mapped columns.
    pub fn of(leads: &crate::dataset::LeadTable, i: usize) -> Contact {
        let text = |f: Field| leads.value(i, f).to_string();
        Contact {
            id: leads.id(i).to_string(),
            name: leads.display_name(i),
            title: text(Field::Title),
            company: text(Field::Company),
            email: text(Field::Email),
            phone: text(Field::Phone),
        }
    }
}

/// One moment on the way to MQL: the event time and what each rule added.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Step {
    pub time: String,
    pub rule: String,
    pub label: String,
    pub points: i32,
    pub events: Vec<String>,
}
crate::json_object!(Step { time, rule, label, points, events });

/// One thing the lead consumed, with how often and when.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Consumed {
    pub detail: String,
    pub count: u32,
    pub first: String,
    pub last: String,
}
crate::json_object!(Consumed { detail, count, first, last });

#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Consumption {
    pub pages: Vec<Consumed>,
    pub content: Vec<Consumed>,
    pub emails_opened: Vec<Consumed>,
    pub emails_clicked: Vec<Consumed>,
    pub forms: Vec<Consumed>,
    pub other: Vec<Consumed>,
}
crate::json_object!(Consumption { pages, content, emails_opened, emails_clicked, forms, other });

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize), serde(rename_all = "snake_case"))]
pub enum Warmth {
    Hot,
    Warm,
    Cool,
}
crate::json_name!(Warmth, Warmth::as_str);

impl Warmth {
    pub fn as_str(self) -> &'static str {
        match self {
            Warmth::Hot => "hot",
            Warmth::Warm => "warm",
            Warmth::Cool => "cool",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Context {
    /// `hand_raiser` (an instant-MQL rule counts) or `accumulated`.
    pub kind: &'static str,
    pub warmth: Warmth,
    pub warmth_reason: String,
}
crate::json_object!(Context { kind, warmth, warmth_reason });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct SlaView {
    /// `same_business_day` (hand-raiser) or `business_hours`.
    pub rule: &'static str,
    pub due: String,
    /// `open`, `met`, `breached` or `overdue`.
    pub state: &'static str,
    /// Seconds early (met), late (breached, overdue) or left (open).
    pub by_seconds: i64,
    pub first_contact_at: Option<String>,
}
crate::json_object!(SlaView { rule, due, state, by_seconds, first_contact_at });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Duplicate {
    pub id: String,
    pub reason: String,
}
crate::json_object!(Duplicate { id, reason });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Returning {
    pub rejected_at: String,
    pub reason: String,
    pub history: String,
    /// Every sales decision about the lead, oldest first.
    pub decisions: Vec<DecisionView>,
}
crate::json_object!(Returning { rejected_at, reason, history, decisions });

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Packet {
    /// Position of the lead in the table (not exported).
    #[cfg_attr(test, serde(skip))]
    pub index: usize,
    pub lead: Contact,
    pub score: i32,
    pub fit: i32,
    pub behavior: i32,
    pub threshold: i32,
    pub status: Status,
    pub crossed_at: String,
    /// The actions that drove the lead over the threshold, in order.
    pub path_to_mql: Vec<Step>,
    pub consumed: Consumption,
    /// Custom fields with a value (form answers, CRM fields).
    pub form_answers: crate::json::Map<String>,
    pub context: Context,
    pub approach: String,
    pub sla: SlaView,
    pub assigned_to: Option<String>,
    pub routed_via: String,
    pub duplicate_of: Option<Duplicate>,
    pub returning: Option<Returning>,
}
crate::json_object!(Packet { lead, score, fit, behavior, threshold, status, crossed_at, path_to_mql, consumed, form_answers, context, approach, sla, assigned_to, routed_via, duplicate_of, returning });

/// Free-mail domains never identify an account.
const FREE_MAIL: &[&str] = &[
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
    "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de", "mail.com", "yandex.com",
];

fn account_key(domain: &str, company: &str) -> Option<String> {
    let d = crate::lowercase::lowercase(domain.trim());
    if !d.is_empty() && !FREE_MAIL.contains(&d.as_str()) {
        return Some(format!("domain {d}"));
    }
    let c: String = crate::lowercase::lowercase(company).chars().filter(|c| c.is_alphanumeric()).collect();
    (!c.is_empty()).then(|| format!("company {}", company.trim()))
}

/// Sales accepted the lead: the decision in force at `as_of` is an acceptance.
fn accepted(data: &Dataset, i: usize, as_of: Time) -> bool {
    let ds = data.decisions(i);
    outcomes::applicable(ds, as_of).is_some_and(|k| ds[k].mapped.outcome == Outcome::Accepted)
}

/// Accounts and who works them: per account key, the leads sales accepted
/// (first) and the MQLs in crossing order.
struct Accounts {
    first_email: HashMap<String, usize>,
    /// Account key -> its list in `lists` (a `String -> usize` table, an
    /// instance the engine already has, rather than one of its own).
    account: HashMap<String, usize>,
    lists: Vec<Vec<(Time, usize)>>,
}

impl Accounts {
    fn worked(&self, key: &str) -> Option<&[(Time, usize)]> {
        self.account.get(key).map(|&k| self.lists[k].as_slice())
    }
}

fn email_of(data: &Dataset, i: usize) -> String {
    crate::lowercase::lowercase(data.leads.value(i, Field::Email).trim())
}

fn key_of(data: &Dataset, i: usize) -> Option<String> {
    let e = email_of(data, i);
    let domain = e.rsplit_once('@').map_or("", |(_, d)| d).to_string();
    account_key(&domain, &data.leads.value(i, Field::Company))
}

fn accounts(data: &Dataset, results: &[LeadResult], as_of: Time) -> Accounts {
    let leads = &data.leads;
    let mut first_email: HashMap<String, usize> = HashMap::default();
    let mut account: HashMap<String, usize> = HashMap::default();
    let mut lists: Vec<Vec<(Time, usize)>> = Vec::new();
    for (i, result) in results.iter().enumerate() {
        let e = email_of(data, i);
        if !e.is_empty() {
            first_email.entry(e).or_insert(i);
        }
        let when = if accepted(data, i, as_of) {
            Some(Time::MIN)
        } else {
            (result.status == Status::Mql).then(|| result.crossed_at.or(leads.leads[i].created_at.get()).unwrap_or(as_of))
        };
        if let (Some(key), Some(t)) = (key_of(data, i), when) {
            let next = lists.len();
            let k = *account.entry(key).or_insert(next);
            if k == next {
                lists.push(Vec::new());
            }
            lists[k].push((t, i));
        }
    }
    for list in &mut lists {
        crate::sort::items_by(list, &|a, b| a.cmp(b));
    }
    Accounts { first_email, account, lists }
}

/// The lead whose latest rejection at or before `as_of` was as a duplicate.
fn duplicate_rejected(data: &Dataset, i: usize, as_of: Time) -> bool {
    let ds = data.decisions(i);
    outcomes::restart(ds, as_of).is_some_and(|(k, _)| ds[k].reason() == Some(Reason::Duplicate))
}

/// For leads rejected as duplicates: the account each was merged into (its
/// company, else the account key) and the rep who works it, when known.
pub fn accounts_of(
    data: &Dataset,
    results: &[LeadResult],
    as_of: Time,
    packets: &[Packet],
    leads: &[usize],
) -> Vec<Option<(String, Option<String>)>> {
    let acc = accounts(data, results, as_of);
    // Packets are in lead order (see `build`): found by binary search, where
    // a hash map keyed by lead costs the wasm a table instance of its own.
    let rep_of = |j: usize| packets.binary_search_by_key(&j, |p| p.index).ok().and_then(|k| packets[k].assigned_to.as_deref());
    leads
        .iter()
        .map(|&lead| {
            let key = key_of(data, lead)?;
            let company = data.leads.value(lead, Field::Company);
            let company = company.trim();
            let name = if company.is_empty() { key.clone() } else { company.to_string() };
            let rep = acc.worked(&key).and_then(|list| {
                list.iter()
                    .filter(|&&(_, j)| j != lead && !duplicate_rejected(data, j, as_of))
                    .find_map(|&(_, j)| rep_of(j).map(|r| r.to_string()))
            });
            Some((name, rep))
        })
        .collect()
}

/// Builds a packet for every MQL in `results` (which must carry crossing
/// times), in lead order.
pub fn build(data: &Dataset, model: &Model, results: &[LeadResult], as_of: Time) -> Result<Vec<Packet>, Error> {
    let calendar = model.calendar.compile().map_err(Error::new)?;
    let leads = &data.leads;
    let scorer = Scorer::new(data, model);
    let crossed = |i: usize| results[i].crossed_at.or(leads.leads[i].created_at.get()).unwrap_or(as_of);
    let mqls: Vec<(usize, Time)> =
        (0..results.len()).filter(|&i| results[i].status == Status::Mql).map(|i| (i, crossed(i))).collect();
    let mut routed = if model.routing == Default::default() { None } else { Some(model.routing.assign(leads, &mqls)) };

    // Duplicates: the first lead with the same email, and accounts already
    // worked (accepted by sales, or an MQL that crossed earlier).
    let email = |i: usize| email_of(data, i);
    let acc = accounts(data, results, as_of);

    // A lead sales rejected as a duplicate that crosses again goes to the
    // rep who works its account (the first worked lead there with a rep).
    if let Some(assigned) = routed.as_mut() {
        // `mqls` is in lead order: a lead's slot by binary search.
        let slot = |j: usize| mqls.binary_search_by_key(&j, |&(i, _)| i).ok();
        for (k, &(i, _)) in mqls.iter().enumerate() {
            if !duplicate_rejected(data, i, as_of) {
                continue;
            }
            let Some(key) = key_of(data, i) else { continue };
            let rep = acc.worked(&key).and_then(|list| {
                list.iter()
                    .filter(|&&(_, j)| j != i && !duplicate_rejected(data, j, as_of))
                    .find_map(|&(_, j)| slot(j).and_then(|s| assigned[s].rep.clone()))
            });
            if let Some(rep) = rep {
                assigned[k] = crate::routing::Assignment { rep: Some(rep), via: "account".to_string() };
            }
        }
    }

    let mut packets = Vec::with_capacity(mqls.len());
    for (k, &(i, crossed_at)) in mqls.iter().enumerate() {
        let r = &results[i];
        let row = &leads.leads[i];
        let e = email(i);
        let duplicate_of = match acc.first_email.get(&e) {
            Some(&first) if first != i => Some(Duplicate {
                id: leads.id(first).to_string(),
                reason: format!("same email as lead {} (line {})", leads.id(first), leads.leads[first].line),
            }),
            _ => {
                let domain = e.rsplit_once('@').map_or("", |(_, d)| d);
                account_key(domain, &leads.value(i, Field::Company)).and_then(|key| {
                    let other = acc.worked(&key)?.iter().find(|&&(t, j)| j != i && (t, j) < (crossed_at, i))?.1;
                    let what = if accepted(data, other, as_of) {
                        "accepted by sales"
                    } else {
                        "an MQL already"
                    };
                    Some(Duplicate {
                        id: leads.id(other).to_string(),
                        reason: format!("same account ({key}): lead {} is {what}", leads.id(other)),
                    })
                })
            }
        };
        let decisions = data.decisions(i);
        let returning = match outcomes::restart(decisions, as_of) {
            Some((k, rejected_at)) if crossed_at >= rejected_at => {
                let reason = decisions[k].reason().map_or("no reason given", Reason::as_str);
                Some(Returning {
                    rejected_at: format_time(rejected_at),
                    reason: reason.to_string(),
                    history: format!(
                        "rejected by sales on {} ({reason}); crossed the threshold again on {}",
                        &format_time(rejected_at)[..10],
                        &format_time(crossed_at)[..10]
                    ),
                    decisions: outcomes::views(decisions, as_of),
                })
            }
            _ => None,
        };
        // A returning lead's clock is met by a contact after it crossed again.
        let first_contact_at = decisions
            .iter()
            .filter_map(|d| d.first_contact_at)
            .chain(row.first_contact_at.get())
            .filter(|&c| returning.is_none() || c >= crossed_at)
            .min();

        let events = data.activities.of_lead(i);
        let events = &events[..events.partition_point(|e| e.time <= as_of)];
        // After a rejection, what it consumed since (the packet's history says the rest).
        let events = match outcomes::restart(decisions, as_of) {
            Some((_, r)) => &events[events.partition_point(|e| e.time <= r)..],
            None => events,
        };
        let consumed = consumption(data, events);
        let last = events.iter().rev().find(|e| data.activities.kinds.resolve(e.kind) != "unsubscribe").map(|e| e.time);
        let context = context(r.instant, last, as_of, &consumed);
        let sla = sla_view(&calendar, model, r.instant, crossed_at, first_contact_at, as_of)
            .map_err(|e| Error::new(format!("lead {} (line {}): SLA due time: {e}", data.leads.id(i), row.line)))?;
        let (assigned_to, routed_via) = match &routed {
            Some(a) => (a[k].rep.clone(), a[k].via.clone()),
            None => (None, "no routing rules in the model".to_string()),
        };
        packets.push(Packet {
            index: i,
            lead: Contact::of(leads, i),
            score: r.score,
            fit: r.fit,
            behavior: r.behavior,
            threshold: model.threshold,
            status: r.status,
            crossed_at: format_time(crossed_at),
            path_to_mql: scorer
                .path_to_mql(i, crossed_at)
                .into_iter()
                .flat_map(|(t, changes)| changes.into_iter().map(move |c| step(t, c)))
                .collect(),
            approach: approach(&consumed, r.instant, &context),
            consumed,
            // By header; a repeated header keeps its last column's value.
            form_answers: crate::json::Map::from_pairs(
                leads
                    .columns
                    .iter()
                    .zip(leads.row(i).iter())
                    .filter(|(c, v)| c.field.is_none() && !v.is_empty())
                    .map(|(c, v)| (c.header.clone(), v.to_string()))
                    .collect(),
            ),
            context,
            sla,
            assigned_to,
            routed_via,
            duplicate_of,
            returning,
        });
    }
    Ok(packets)
}

fn step(t: Time, c: Contribution) -> Step {
    Step {
        time: format_time(t),
        rule: c.rule,
        label: c.label,
        points: c.points,
        events: c.events.iter().map(|e| if e.detail.is_empty() { e.kind.clone() } else { format!("{} {}", e.kind, e.detail) }).collect(),
    }
}

fn consumption(data: &Dataset, events: &[crate::dataset::Event]) -> Consumption {
    let log = &data.activities;
    // (bucket, detail) -> (count, first, last), in first-seen order.
    type Tally = (u32, Time, Time);
    let mut seen: Vec<((u8, u32), Tally)> = Vec::new();
    // Keyed `bucket << 32 | detail` into the i64 -> u32 table type the
    // activity log already uses: a (u8, u32) key would be a hash table
    // instance of its own.
    let mut index: HashMap<i64, u32> = HashMap::default();
    for e in events {
        let bucket = match log.kinds.resolve(e.kind) {
            "page_view" | "visit" => 0,
            "content_download" => 1,
            "email_open" => 2,
            "email_click" => 3,
            "form_submit" | "demo_request" => 4,
            "unsubscribe" => continue,
            _ => 5,
        };
        // Other types keep their type in the detail so nothing is lost.
        let key = (bucket, e.detail);
        let slot = i64::from(bucket) << 32 | i64::from(e.detail);
        match index.get(&slot) {
            Some(&k) => {
                let v = &mut seen[k as usize].1;
                v.0 += 1;
                v.2 = e.time;
            }
            None => {
                index.insert(slot, seen.len() as u32);
                seen.push((key, (1, e.time, e.time)));
            }
        }
    }
    let mut c = Consumption::default();
    for ((bucket, detail), (count, first, last)) in seen {
        let item = Consumed {
            detail: log.details.resolve(detail).to_string(),
            count,
            first: format_time(first),
            last: format_time(last),
        };
        match bucket {
            0 => c.pages.push(item),
            1 => c.content.push(item),
            2 => c.emails_opened.push(item),
            3 => c.emails_clicked.push(item),
            4 => c.forms.push(item),
            _ => c.other.push(item),
        }
    }
    c
}

fn context(hand_raiser: bool, last: Option<Time>, as_of: Time, consumed: &Consumption) -> Context {
    let days = last.map(|t| whole_days(t, as_of));
    let ago = |d: i64| match d {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        d => format!("{d} days ago"),
    };
    let (warmth, warmth_reason) = match (hand_raiser, days) {
        (true, Some(d)) if d <= 7 => (Warmth::Hot, format!("asked to talk to sales; last active {}", ago(d))),
        (false, Some(d)) if d <= 2 => {
            (Warmth::Hot, format!("active {} across {} pages and {} downloads", ago(d), consumed.pages.len(), consumed.content.len()))
        }
        (_, Some(d)) if d <= 14 => (Warmth::Warm, format!("last active {}", ago(d))),
        (_, Some(d)) => (Warmth::Cool, format!("last active {}: reconnect before you pitch", ago(d))),
        (_, None) => (Warmth::Cool, "no recorded activity: qualified on fit alone".to_string()),
    };
    Context { kind: if hand_raiser { "hand_raiser" } else { "accumulated" }, warmth, warmth_reason }
}

/// A first approach written from the signals: what they read, what it
/// suggests they face, what to open with.
fn approach(c: &Consumption, hand_raiser: bool, context: &Context) -> String {
    let has = |list: &[Consumed], needle: &str| list.iter().any(|x| crate::lowercase::lowercase(&x.detail).contains(needle));
    let pricing = has(&c.pages, "pricing");
    let cases: Vec<&str> = c.content.iter().filter(|x| crate::lowercase::lowercase(&x.detail).contains("case")).map(|x| x.detail.as_str()).collect();
    let docs = has(&c.pages, "/docs") || has(&c.pages, "/product") || has(&c.pages, "integration");
    let blog: Vec<&str> = c.pages.iter().filter(|x| x.detail.contains("/blog/")).map(|x| x.detail.as_str()).collect();

    let mut read = Vec::new();
    if pricing {
        read.push("the pricing page".to_string());
    }
    if !cases.is_empty() {
        read.push(format!("{} case stud{} ({})", cases.len(), if cases.len() == 1 { "y" } else { "ies" }, cases.join(", ")));
    }
    if docs {
        read.push("product and docs pages".to_string());
    }
    if !blog.is_empty() {
        read.push(format!("{} blog post{}", blog.len(), if blog.len() == 1 { "" } else { "s" }));
    }
    if !c.emails_clicked.is_empty() {
        read.push(format!("clicked {} email{}", c.emails_clicked.len(), if c.emails_clicked.len() == 1 { "" } else { "s" }));
    }
    let read = if read.is_empty() { "no content on record".to_string() } else { read.join("; ") };

    let (suggests, open) = if hand_raiser {
        ("they want a conversation now", "confirm the demo time and ask what prompted the request today")
    } else if pricing && !cases.is_empty() {
        ("they are building a business case and checking cost", "share results from a similar customer and offer to walk through pricing for their size")
    } else if pricing {
        ("they are weighing cost against alternatives", "ask what they are comparing and offer a pricing walk-through")
    } else if !cases.is_empty() {
        ("they want proof that this works for teams like theirs", "open with the outcome from the case study they read and ask which part fits them")
    } else if docs {
        ("they are checking technical fit", "offer a technical session and ask about their current stack")
    } else if !blog.is_empty() {
        ("they are researching the problem, not a vendor yet", "share a practical guide on the topic they read and ask how they handle it today")
    } else {
        ("their fit is strong but their intent is unclear", "open with a short discovery question about their priorities this quarter")
    };
    let lead_in = if context.warmth == Warmth::Cool { "Reconnect first. " } else { "" };
    format!("They read: {read}. That suggests {suggests}. {lead_in}Open with: {open}.")
}

fn sla_view(
    calendar: &crate::sla::BusinessCalendar,
    model: &Model,
    hand_raiser: bool,
    crossed: Time,
    first_contact: Option<Time>,
    as_of: Time,
) -> Result<SlaView, String> {
    let (rule, due) = if hand_raiser {
        ("same_business_day", calendar.hand_raiser_due(crossed)?)
    } else {
        ("business_hours", calendar.behavioral_due(crossed, model.sla.behavioral_hours)?)
    };
    let (state, by_seconds) = match first_contact {
        Some(c) if c <= due => ("met", due - c),
        Some(c) => ("breached", c - due),
        None if as_of > due => ("overdue", as_of - due),
        None => ("open", due - as_of),
    };
    Ok(SlaView { rule, due: format_time(due), state, by_seconds, first_contact_at: first_contact.map(format_time) })
}

/// SLA adherence over packets: share met, median time to first contact.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Adherence {
    pub rep: Option<String>,
    pub mqls: usize,
    pub met: usize,
    pub breached: usize,
    pub overdue: usize,
    pub open: usize,
    /// met / (met + breached), when any were contacted.
    pub share_met: Option<f64>,
    pub median_seconds_to_first_contact: Option<i64>,
}
crate::json_object!(Adherence { rep, mqls, met, breached, overdue, open, share_met, median_seconds_to_first_contact });

fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

/// The whole team first, then each rep (unassigned last).
pub fn adherence(packets: &[Packet]) -> Vec<Adherence> {
    // Grouped by rep through the engine's one stable sort (a map keyed by
    // rep would add its own BTreeMap instance to the wasm).
    let mut order: Vec<u32> = (0..packets.len() as u32).collect();
    crate::sort::indices_by(&mut order, &|a, b| packets[a as usize].assigned_to.cmp(&packets[b as usize].assigned_to));
    let summarise = |rep: Option<String>, ps: &[&Packet]| {
        let count = |s: &str| ps.iter().filter(|p| p.sla.state == s).count();
        let (met, breached) = (count("met"), count("breached"));
        let mut waits: Vec<i64> = ps
            .iter()
            .filter_map(|p| {
                let c = crate::time::parse_time(p.sla.first_contact_at.as_deref()?).ok()?;
                Some(c - crate::time::parse_time(&p.crossed_at).ok()?)
            })
            .collect();
        crate::sort::times(&mut waits);
        Adherence {
            rep,
            mqls: ps.len(),
            met,
            breached,
            overdue: count("overdue"),
            open: count("open"),
            share_met: (met + breached > 0).then(|| met as f64 / (met + breached) as f64),
            median_seconds_to_first_contact: median(&waits),
        }
    };
    let all: Vec<&Packet> = packets.iter().collect();
    let mut out = vec![summarise(Some("all reps".into()), &all)];
    let mut unassigned = None;
    for group in order.chunk_by(|&a, &b| packets[a as usize].assigned_to == packets[b as usize].assigned_to) {
        let ps: Vec<&Packet> = group.iter().map(|&i| &packets[i as usize]).collect();
        match &ps[0].assigned_to {
            Some(r) => out.push(summarise(Some(r.clone()), &ps)),
            None => unassigned = Some(summarise(None, &ps)),
        }
    }
    out.extend(unassigned);
    out
}
