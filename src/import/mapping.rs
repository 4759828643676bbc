//! Which column feeds which canonical field: the user's override, then the
//! canonical names, then the usual CRM export headers.

use rustc_hash::FxHashMap as HashMap;

use super::ColumnMapping;
use crate::dataset::{normalize_header, Field};
use crate::Error;

/// The activity fields, in this order: indexes used throughout the importer.
pub(crate) const ACTIVITY_KEYS: [&str; 4] = ["lead_id", "timestamp", "type", "detail"];
pub(crate) const A_LEAD_ID: usize = 0;
pub(crate) const A_TIMESTAMP: usize = 1;
pub(crate) const A_TYPE: usize = 2;
pub(crate) const A_DETAIL: usize = 3;

/// Lead headers seen in HubSpot, Salesforce, Marketo, Zoho and Pipedrive
/// exports (and common hand-made sheets). Matched like headers: case and
/// spaces, `_`, `-` ignored. Headers that already normalise to a canonical
/// key (`First Name`, `Created At`) need no entry.
const LEAD_ALIASES: &[(&str, &str)] = &[
    // id
    ("Record ID", "id"),
    ("Lead ID", "id"),
    ("Contact ID", "id"),
    ("Person ID", "id"),
    ("Person - ID", "id"),
    ("Marketo ID", "id"),
    ("Lead Number", "id"),
    ("Identifier", "id"),
    // names
    ("Given Name", "first_name"),
    ("Forename", "first_name"),
    ("First", "first_name"),
    ("Person - First name", "first_name"),
    ("Surname", "last_name"),
    ("Family Name", "last_name"),
    ("Last", "last_name"),
    ("Person - Last name", "last_name"),
    ("Full Name", "name"),
    ("Contact Name", "name"),
    ("Lead Name", "name"),
    ("Person Name", "name"),
    ("Person - Name", "name"),
    // contact
    ("Email Address", "email"),
    ("E-mail Address", "email"),
    ("Work Email", "email"),
    ("Business Email", "email"),
    ("Primary Email", "email"),
    ("Contact Email", "email"),
    ("Email 1", "email"),
    ("Person - Email", "email"),
    ("Person - Email - Work", "email"),
    ("Phone Number", "phone"),
    ("Mobile Phone", "phone"),
    ("MobilePhone", "phone"),
    ("Mobile Phone Number", "phone"),
    ("Mobile", "phone"),
    ("Telephone", "phone"),
    ("Tel", "phone"),
    ("Business Phone", "phone"),
    ("Work Phone", "phone"),
    ("Direct Phone", "phone"),
    ("Person - Phone", "phone"),
    ("Person - Phone - Work", "phone"),
    // job
    ("Job Title", "title"),
    ("JobTitle", "title"),
    ("Designation", "title"),
    ("Position", "title"),
    ("Job Position", "title"),
    ("Person - Job title", "title"),
    // company
    ("Company Name", "company"),
    ("Account Name", "company"),
    ("Account", "company"),
    ("Associated Company", "company"),
    ("Organization", "company"),
    ("Organisation", "company"),
    ("Organization Name", "company"),
    ("Organization - Name", "company"),
    ("Person - Organization", "company"),
    ("Employer", "company"),
    ("Number of Employees", "company_size"),
    ("NumberOfEmployees", "company_size"),
    ("No. of Employees", "company_size"),
    ("No of Employees", "company_size"),
    ("Num Employees", "company_size"),
    ("Employees", "company_size"),
    ("Employee Count", "company_size"),
    ("Employee Range", "company_size"),
    ("Headcount", "company_size"),
    ("Organization - Number of employees", "company_size"),
    ("Organization - Employees", "company_size"),
    ("Sector", "industry"),
    ("Vertical", "industry"),
    ("Account Industry", "industry"),
    ("Organization - Industry", "industry"),
    ("Country/Region", "country"),
    ("Country Region", "country"),
    ("Country Name", "country"),
    ("Mailing Country", "country"),
    ("Billing Country", "country"),
    ("Person - Country", "country"),
    ("Organization - Country", "country"),
    ("Sales Territory", "territory"),
    ("Territory Name", "territory"),
    ("Sales Region", "territory"),
    // dates
    ("Create Date", "created_at"),
    ("CreatedDate", "created_at"),
    ("Created Date", "created_at"),
    ("Created Time", "created_at"),
    ("Created On", "created_at"),
    ("Created", "created_at"),
    ("Date Created", "created_at"),
    ("Creation Date", "created_at"),
    ("Lead Created Date", "created_at"),
    ("Person - Person created", "created_at"),
    // feedback
    ("Outcome", "sales_outcome"),
    ("Lead Status", "sales_outcome"),
    ("Status", "sales_outcome"),
    ("HubSpot Lead Status", "sales_outcome"),
    ("Disqualification Reason", "rejection_reason"),
    ("Disqualified Reason", "rejection_reason"),
    ("Unqualified Reason", "rejection_reason"),
    ("Reject Reason", "rejection_reason"),
    ("Rejected Reason", "rejection_reason"),
    ("Rejected Date", "rejected_at"),
    ("Rejection Date", "rejected_at"),
    ("Date Rejected", "rejected_at"),
    ("Rejected On", "rejected_at"),
    ("IsConverted", "converted"),
    ("Lead Converted", "converted"),
    ("First Contact Date", "first_contact_at"),
    ("First Contacted", "first_contact_at"),
    ("First Contacted At", "first_contact_at"),
    ("First Contact", "first_contact_at"),
    ("First Outreach Date", "first_contact_at"),
    ("First Engagement Date", "first_contact_at"),
    ("Date of first engagement", "first_contact_at"),
];

/// Activity-log headers (Marketo, HubSpot, hand-made logs).
const ACTIVITY_ALIASES: &[(&str, &str)] = &[
    ("Contact ID", "lead_id"),
    ("Record ID", "lead_id"),
    ("Person ID", "lead_id"),
    ("Email", "lead_id"),
    ("Email Address", "lead_id"),
    ("Lead Email", "lead_id"),
    ("Contact Email", "lead_id"),
    ("Lead", "lead_id"),
    ("Contact", "lead_id"),
    ("Time", "timestamp"),
    ("Date", "timestamp"),
    ("Datetime", "timestamp"),
    ("Date/Time", "timestamp"),
    ("Occurred At", "timestamp"),
    ("Activity Date", "timestamp"),
    ("Activity Time", "timestamp"),
    ("Event Time", "timestamp"),
    ("Event Date", "timestamp"),
    ("Created At", "timestamp"),
    ("Event", "type"),
    ("Event Type", "type"),
    ("Activity Type", "type"),
    ("Activity", "type"),
    ("Action", "type"),
    ("Details", "detail"),
    ("Activity Detail", "detail"),
    ("Description", "detail"),
    ("URL", "detail"),
    ("Page", "detail"),
    ("Page URL", "detail"),
    ("Asset", "detail"),
    ("Asset Name", "detail"),
    ("Form Name", "detail"),
    ("Name", "detail"),
    ("Subject", "detail"),
    ("Primary Attribute Value", "detail"),
];

/// The outcome-log fields, in this order.
pub(crate) const OUTCOME_KEYS: [&str; 6] = ["lead_id", "outcome", "reason", "at", "converted", "first_contact_at"];
pub(crate) const O_LEAD_ID: usize = 0;
pub(crate) const O_OUTCOME: usize = 1;
pub(crate) const O_REASON: usize = 2;
pub(crate) const O_AT: usize = 3;
pub(crate) const O_CONVERTED: usize = 4;
pub(crate) const O_FIRST_CONTACT: usize = 5;

/// Outcome-log headers (CRM status-history and lead exports).
const OUTCOME_ALIASES: &[(&str, &str)] = &[
    ("Contact ID", "lead_id"),
    ("Record ID", "lead_id"),
    ("Id", "lead_id"),
    ("Email", "lead_id"),
    ("Email Address", "lead_id"),
    ("Lead", "lead_id"),
    ("Contact", "lead_id"),
    ("Lead Status", "outcome"),
    ("Status", "outcome"),
    ("New Value", "outcome"),
    ("Sales Outcome", "outcome"),
    ("Decision", "outcome"),
    ("Disposition", "outcome"),
    ("Rejection Reason", "reason"),
    ("Reject Reason", "reason"),
    ("Disqualification Reason", "reason"),
    ("Unqualified Reason", "reason"),
    ("Date", "at"),
    ("Decided At", "at"),
    ("Decision Date", "at"),
    ("Status Date", "at"),
    ("Changed At", "at"),
    ("Edit Date", "at"),
    ("Timestamp", "at"),
    ("Time", "at"),
    ("Rejected At", "at"),
    ("Last Modified Date", "at"),
    ("IsConverted", "converted"),
    ("Lead Converted", "converted"),
    ("First Contact Date", "first_contact_at"),
    ("First Contacted At", "first_contact_at"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Leads,
    Activities,
    Outcomes,
}

impl Kind {
    pub(crate) fn keys(self) -> Vec<&'static str> {
        match self {
            Kind::Leads => Field::ALL.iter().map(|f| f.key()).collect(),
            Kind::Activities => ACTIVITY_KEYS.to_vec(),
            Kind::Outcomes => OUTCOME_KEYS.to_vec(),
        }
    }

    fn aliases(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Leads => LEAD_ALIASES,
            Kind::Activities => ACTIVITY_ALIASES,
            Kind::Outcomes => OUTCOME_ALIASES,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Leads => "lead",
            Kind::Activities => "activity",
            Kind::Outcomes => "outcome",
        }
    }
}

/// Automatic matching of headers to field indexes (into [`Kind::keys`]).
pub(crate) struct Matcher {
    keys: Vec<&'static str>,
    canonical: HashMap<String, usize>,
    alias: HashMap<String, usize>,
}

impl Matcher {
    pub(crate) fn new(kind: Kind) -> Self {
        let keys = kind.keys();
        let canonical: HashMap<String, usize> =
            keys.iter().enumerate().map(|(i, k)| (normalize_header(k), i)).collect();
        let mut alias = HashMap::default();
        for (a, key) in kind.aliases() {
            let i = keys
                .iter()
                .position(|k| k == key)
                .expect("alias table names a known key");
            alias.entry(normalize_header(a)).or_insert(i);
        }
        Matcher { keys, canonical, alias }
    }

    pub(crate) fn canonical(&self, header: &str) -> Option<usize> {
        self.canonical.get(&normalize_header(header)).copied()
    }

    pub(crate) fn alias(&self, header: &str) -> Option<usize> {
        self.alias.get(&normalize_header(header)).copied()
    }
}

/// The mapping of every column of a file.
#[derive(Debug)]
pub(crate) struct Mapping {
    /// Field index (into [`Kind::keys`]) per column.
    pub fields: Vec<Option<usize>>,
    pub report: Vec<ColumnMapping>,
}

impl Mapping {
    /// The column feeding field `f`, if any.
    pub(crate) fn column(&self, f: usize) -> Option<usize> {
        self.fields.iter().position(|x| *x == Some(f))
    }
}

fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Maps `headers` (as written, trimmed). Priority: the user's override, then
/// canonical names, then aliases; inside each, the first column in file order
/// claims a field and later ones stay custom.
pub(crate) fn map_columns(
    headers: &[String],
    kind: Kind,
    overrides: &[(String, Option<String>)],
) -> Result<Mapping, Error> {
    let matcher = Matcher::new(kind);
    let keys = &matcher.keys;
    let n = headers.len();
    // Some(Some(f)): forced to field f; Some(None): forced custom.
    let mut forced: Vec<Option<Option<usize>>> = vec![None; n];
    for (header, target) in overrides {
        let want = normalize_header(header);
        let Some(col) = headers.iter().position(|h| normalize_header(h) == want) else {
            return Err(Error::new(format!(
                "the column mapping names \"{header}\", which is not a column of this file; columns found: {}",
                quoted_list(headers.iter().map(String::as_str))
            )));
        };
        let field = match target {
            None => None,
            Some(key) => {
                let k = normalize_header(key);
                match keys.iter().position(|c| normalize_header(c) == k) {
                    Some(f) => Some(f),
                    None => {
                        return Err(Error::new(format!(
                            "the column mapping sends \"{header}\" to \"{key}\", which is not a {} field; valid fields: {} (or no field, to keep the column as a custom field)",
                            kind.noun(),
                            keys.join(", ")
                        )))
                    }
                }
            }
        };
        forced[col] = Some(field);
    }
    let mut claimed: Vec<Option<usize>> = vec![None; keys.len()];
    let mut fields: Vec<Option<usize>> = vec![None; n];
    let mut sources: Vec<&'static str> = vec!["custom"; n];
    for (col, f) in forced.iter().enumerate() {
        if let Some(field) = f {
            sources[col] = "override";
            if let Some(field) = *field {
                if let Some(other) = claimed[field] {
                    return Err(Error::new(format!(
                        "the column mapping sends both \"{}\" and \"{}\" to {}; a field can take only one column",
                        headers[other], headers[col], keys[field]
                    )));
                }
                claimed[field] = Some(col);
                fields[col] = Some(field);
            }
        }
    }
    type Pass = (fn(&Matcher, &str) -> Option<usize>, &'static str);
    let passes: [Pass; 2] = [(Matcher::canonical, "canonical"), (Matcher::alias, "alias")];
    for (matches, source) in passes {
        for col in 0..n {
            if forced[col].is_some() || fields[col].is_some() {
                continue;
            }
            if let Some(field) = matches(&matcher, &headers[col]) {
                if claimed[field].is_none() {
                    claimed[field] = Some(col);
                    fields[col] = Some(field);
                    sources[col] = source;
                }
            }
        }
    }
    let report = (0..n)
        .map(|c| ColumnMapping {
            header: headers[c].clone(),
            field: fields[c].map(|f| keys[f].to_string()),
            source: sources[c],
        })
        .collect();
    Ok(Mapping { fields, report })
}

/// Accepted names for a field, for error messages.
pub(crate) fn names_for(kind: Kind, key: &str) -> Vec<&'static str> {
    kind.aliases()
        .iter()
        .filter(|(_, k)| *k == key)
        .map(|(a, _)| *a)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn fields(m: &Mapping) -> Vec<Option<String>> {
        m.report.iter().map(|c| c.field.clone()).collect()
    }

    #[test]
    fn alias_tables_are_consistent() {
        for kind in [Kind::Leads, Kind::Activities, Kind::Outcomes] {
            let keys = kind.keys();
            let mut seen: HashMap<String, &str> = HashMap::default();
            for (a, k) in kind.aliases() {
                assert!(keys.contains(k), "{a} -> unknown {k}");
                let n = normalize_header(a);
                if let Some(prev) = seen.insert(n.clone(), k) {
                    assert_eq!(prev, *k, "alias {a} claimed twice");
                }
                // An alias that is already a canonical name would be dead.
                assert!(!keys.iter().any(|c| normalize_header(c) == n), "{a} is canonical");
            }
        }
    }

    #[test]
    fn canonical_then_alias_then_custom() {
        let m = map_columns(
            &h(&["Record ID", "First Name", "Email", "use_case", "Job Title"]),
            Kind::Leads,
            &[],
        )
        .unwrap();
        assert_eq!(
            fields(&m),
            vec![
                Some("id".into()),
                Some("first_name".into()),
                Some("email".into()),
                None,
                Some("title".into())
            ]
        );
        let sources: Vec<_> = m.report.iter().map(|c| c.source).collect();
        assert_eq!(sources, vec!["alias", "canonical", "canonical", "custom", "alias"]);
    }

    #[test]
    fn canonical_beats_an_earlier_alias_and_first_wins() {
        let m = map_columns(&h(&["Email", "lead_id", "Date", "Time", "type"]), Kind::Activities, &[]).unwrap();
        assert_eq!(
            fields(&m),
            vec![
                None,
                Some("lead_id".into()),
                Some("timestamp".into()),
                None,
                Some("type".into())
            ]
        );
        assert_eq!(m.column(A_TIMESTAMP), Some(2));
        assert_eq!(m.column(A_DETAIL), None);
    }

    #[test]
    fn overrides() {
        let m = map_columns(
            &h(&["Email", "Work Email", "Company"]),
            Kind::Leads,
            &[("work_email".into(), Some("Email".into())), ("company".into(), None)],
        )
        .unwrap();
        assert_eq!(fields(&m), vec![None, Some("email".into()), None]);
        let sources: Vec<_> = m.report.iter().map(|c| c.source).collect();
        assert_eq!(sources, vec!["custom", "override", "override"]);

        let e = map_columns(&h(&["Email"]), Kind::Leads, &[("Email".into(), Some("mail".into()))]).unwrap_err();
        assert!(e.0.contains("\"mail\", which is not a lead field"), "{}", e.0);
        assert!(e.0.contains("id, first_name, last_name, name, email"), "{}", e.0);
        let e = map_columns(&h(&["Email"]), Kind::Leads, &[("Mail".into(), None)]).unwrap_err();
        assert_eq!(
            e.0,
            "the column mapping names \"Mail\", which is not a column of this file; columns found: \"Email\""
        );
        let e = map_columns(
            &h(&["a", "b"]),
            Kind::Activities,
            &[("a".into(), Some("type".into())), ("b".into(), Some("type".into()))],
        )
        .unwrap_err();
        assert!(e.0.contains("both \"a\" and \"b\" to type"), "{}", e.0);
    }
}
