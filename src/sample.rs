//! Deterministic sample data: a B2B SaaS lead export and its activity log.
//!
//! The page's "try it with sample data" button, the benchmarks and the tests
//! all use this. The data is made to look like a real CRM export: people at
//! companies whose email domain matches, a few colleagues at one account, a few
//! free-mail addresses, students and competitors, messy industry spellings,
//! placeholders such as `N/A` and `Select`, sales outcomes that correlate with
//! fit and engagement, and an activity log in no particular order with a few
//! events after the as-of time.
//!
//! Only integer and basic float arithmetic is used (no `ln`, `exp`, `powf`),
//! so the bytes are the same on every platform, wasm included.

use rustc_hash::FxHashMap;

use crate::time::{parse_time, Time, DAY};

/// The as-of time every sample is generated against.
pub const AS_OF: &str = "2026-11-20T12:00:00Z";

pub const LEAD_HEADER: [&str; 19] = [
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "title",
    "company",
    "company_size",
    "industry",
    "country",
    "territory",
    "created_at",
    "sales_outcome",
    "rejection_reason",
    "rejected_at",
    "converted",
    "first_contact_at",
    "use_case",
    "Number of Pageviews",
];

pub const ACTIVITY_HEADER: [&str; 4] = ["lead_id", "timestamp", "type", "detail"];

/// A generated lead table and activity log, both CSV text.
pub struct Sample {
    pub leads_csv: String,
    pub activities_csv: String,
    pub as_of: Time,
}

/// `leads` leads with on average `activities_per_lead` activities each
/// (exactly `leads * activities_per_lead` activity rows); same arguments,
/// same bytes.
pub fn generate(leads: usize, activities_per_lead: usize, seed: u64) -> Sample {
    let as_of = parse_time(AS_OF).expect("AS_OF is a valid time");
    let mut g = Generator::new(seed, as_of);
    let mut people: Vec<Person> = Vec::with_capacity(leads);
    for _ in 0..leads {
        let p = g.person(&people);
        people.push(p);
    }

    // Spread exactly leads * activities_per_lead events over the leads in
    // proportion to their weights (cumulative rounding, integer math).
    let target = leads as u128 * activities_per_lead as u128;
    let total_weight: u128 = people.iter().map(|p| p.weight as u128).sum();
    let mut events: Vec<Event> = Vec::with_capacity(target as usize);
    let mut cumulative: u128 = 0;
    let mut handed_out: u128 = 0;
    for (i, p) in people.iter_mut().enumerate() {
        cumulative += p.weight as u128;
        let upto = if total_weight == 0 { 0 } else { div_u128(target * cumulative + total_weight / 2, total_weight) };
        let n = (upto - handed_out) as usize;
        handed_out = upto;
        let start = events.len();
        lead_events(&mut Rng::for_lead(seed, i), p, i as u32, n, as_of, &mut events);
        debug_assert_eq!(events.len() - start, n);
        g.outcome(p, &events[start..]);
    }

    let leads_csv = g.leads_csv(&people);
    let mut rng = Rng::new(seed ^ 0x5348_5546_464C_4521);
    // Fisher-Yates: the log comes in no particular order.
    for i in (1..events.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        events.swap(i, j);
    }
    let activities_csv = activities_csv(&events);
    Sample { leads_csv, activities_csv, as_of }
}

/// `n / d` (`d > 0`), as `/` computes it, without compiler_builtins' 128-bit
/// division (1 KB of wasm that nothing else uses): u64 division when both
/// fit (every realistic sample), else bit by bit.
fn div_u128(n: u128, d: u128) -> u128 {
    if let (Ok(n), Ok(d)) = (u64::try_from(n), u64::try_from(d)) {
        return u128::from(n / d);
    }
    let (mut q, mut r) = (0u128, 0u128);
    for bit in (0..128).rev() {
        // r < d: doubled, it may pass 2^128 (the carry), and then it is >= d.
        let carry = r >> 127 == 1;
        r = r << 1 | (n >> bit) & 1;
        if carry || r >= d {
            r = r.wrapping_sub(d);
            q |= 1 << bit;
        }
    }
    q
}

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast, and good enough for sample data.
struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(mix(seed ^ 0x6A09_E667_F3BC_C909))
    }

    /// An independent stream per lead, so a lead's events do not depend on
    /// how much randomness the leads before it used.
    fn for_lead(seed: u64, lead: usize) -> Rng {
        Rng(mix(seed.wrapping_add(mix((lead as u64).wrapping_add(0xA5A5_0001)))))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..hi` (empty range: `lo`).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo) as u64) as i64
        }
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// The index of the item picked with probability proportional to `weight`.
    #[inline(never)]
    fn weighted_index<T>(&mut self, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
        let total: u64 = items.iter().map(|i| weight(i) as u64).sum();
        let mut r = self.below(total);
        for (i, item) in items.iter().enumerate() {
            let w = weight(item) as u64;
            if r < w {
                return i;
            }
            r -= w;
        }
        items.len() - 1
    }

    fn weighted_by<'a, T>(&mut self, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
        &items[self.weighted_index(items, weight)]
    }

    fn pick_word(&mut self, words: &Words) -> &'static str {
        words.get(self.below(words.len() as u64) as usize)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// One of `items`, with probability proportional to its weight. Not
    /// inlined: one copy per item type (wasm-opt merges those of the same
    /// layout) instead of one per call site.
    #[inline(never)]
    fn weighted<T: Copy>(&mut self, items: &[(u32, T)]) -> T {
        let total: u64 = items.iter().map(|(w, _)| *w as u64).sum();
        let mut r = self.below(total);
        for (w, item) in items {
            if r < *w as u64 {
                return *item;
            }
            r -= *w as u64;
        }
        items[items.len() - 1].1
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

/// A word list as one `|`-separated string: a table of string slices
/// would cost 8 bytes of pointer and length per word in the wasm.
struct Words(&'static str);

impl Words {
    fn len(&self) -> usize {
        self.0.split('|').count()
    }

    fn get(&self, i: usize) -> &'static str {
        self.0.split('|').nth(i).unwrap_or_default()
    }
}

const FIRST_NAMES: Words = Words(
    "James|Mary|Robert|Patricia|John|Jennifer|Michael|Linda|David|Elizabeth|William|Barbara|Richard|\
     Susan|Joseph|Jessica|Thomas|Sarah|Christopher|Karen|Daniel|Lisa|Matthew|Nancy|Anthony|Sandra|\
     Mark|Ashley|Steven|Emily|Andrew|Michelle|Joshua|Amanda|Kevin|Melissa|Brian|Stephanie|Priya|\
     Rahul|Ananya|Arjun|Wei|Mei|Hiroshi|Yuki|Sakura|Kenji|Min-jun|Ji-woo|Lukas|Hannah|Felix|Lena|\
     Jonas|Sophie|Léa|Hugo|Chloé|Louis|Camille|Mateo|Sofía|Santiago|Valentina|Diego|Lucía|João|Ana|\
     Gabriel|Beatriz|Lars|Ingrid|Erik|Astrid|Siobhan|Liam|Aoife|Conor|Olivia|Noah|Emma|Oliver|Ava|\
     Elijah|Isabella|Lucas|Mia|Ethan|Amelia|Fatima|Omar|Aisha|Yusuf|Noa|Ariel|Chen|Nikhil|Zoe|Grace",
);

const LAST_NAMES: Words = Words(
    "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|\
     Gonzalez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson|White|Harris|\
     Sanchez|Clark|Ramirez|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Torres|Nguyen|Hill|\
     Flores|Green|Adams|Nelson|Baker|Hall|Rivera|Campbell|Mitchell|Carter|Roberts|Patel|Sharma|Gupta|\
     Iyer|Tanaka|Suzuki|Sato|Kim|Park|Chen|Wang|Li|Zhang|Müller|Schmidt|Schneider|Fischer|Weber|\
     Dubois|Bernard|Lefèvre|Rossi|Bianchi|Silva|Santos|Oliveira|Pereira|Johansson|Andersson|Nielsen|\
     Hansen|O'Brien|O'Connor|Murphy|Kelly|van der Berg|de Vries|Jansen|Kowalski|Nowak|Cohen|Levi|\
     Haddad|Khan|Ali|Okafor|Mensah|Abebe|Dlamini|García-López",
);

/// Title, weight, and how much of a buyer the title is (0-10). The seed
/// model's ICP rule is close to, but not the same as, the buyer strength:
/// "Head of Growth" buys and scores nothing, calibration can find that.
const TITLES: &[(u32, &str, u8)] = &[
    // VP and C-suite
    (40, "VP Marketing", 9),
    (30, "VP of Sales", 9),
    (14, "Vice President of Operations", 6),
    (12, "Vice President, Marketing", 9),
    (10, "Vice-President Sales", 8),
    (16, "Chief Revenue Officer", 10),
    (14, "CMO", 9),
    (8, "Chief Marketing Officer", 9),
    (14, "SVP Sales", 9),
    (6, "EVP, Global Sales", 8),
    (14, "CTO", 5),
    (10, "CEO", 7),
    (6, "Co-Founder & CEO", 7),
    (5, "CFO", 3),
    (4, "COO", 5),
    (4, "CIO", 4),
    (3, "CISO", 2),
    (10, "VP Revenue Operations", 10),
    (8, "VP, Demand Generation", 10),
    (6, "VP Engineering", 3),
    (4, "Assistant to the VP of Sales", 2),
    // close to the buyer, no ICP token
    (22, "Head of Growth", 9),
    (18, "Director of Marketing", 7),
    (14, "Marketing Director", 7),
    (14, "Senior Director, Sales Operations", 8),
    (12, "Head of Marketing Operations", 9),
    (10, "Revenue Operations Manager", 7),
    (10, "Founder", 6),
    (8, "Owner", 4),
    // not the buyer
    (70, "Marketing Manager", 4),
    (40, "Marketing Analyst", 2),
    (30, "Analyst", 1),
    (28, "Sales Development Representative", 2),
    (26, "Account Executive", 2),
    (30, "Software Engineer", 1),
    (14, "Senior Software Engineer", 1),
    (16, "Product Manager", 2),
    (16, "Consultant", 2),
    (12, "Data Scientist", 1),
    (12, "Operations Manager", 3),
    (10, "Office Manager", 1),
    (10, "Recruiter", 0),
    (8, "Talent Acquisition Partner", 0),
    (10, "Intern", 0),
    (6, "Marketing Intern", 0),
    (10, "Student", 0),
    (12, "Content Marketing Specialist", 2),
    (10, "Demand Generation Manager", 5),
    (30, "", 2),
];

const STUDENT_TITLES: &[(u32, &str)] = &[
    (50, "Student"),
    (15, "Graduate Student"),
    (12, "MBA Candidate"),
    (10, "Research Assistant"),
    (8, "PhD Student"),
    (5, "Teaching Assistant"),
];

const COMPETITOR_TITLES: &[(u32, &str)] = &[
    (30, "Product Marketing Manager"),
    (20, "Competitive Intelligence Analyst"),
    (15, "Product Manager"),
    (10, "VP Product"),
    (10, "Software Engineer"),
    (10, "Founder"),
];

/// (name, domain): companies that sell what we sell.
const COMPETITORS: &[(&str, &str)] = &[
    ("LeadRankr", "leadrankr.io"),
    ("ScoreSmith Inc.", "scoresmith.com"),
    ("MQL Forge", "mqlforge.com"),
    ("Pipeline Pilot", "pipelinepilot.ai"),
];

const UNIVERSITIES: &[(&str, &str)] = &[
    ("Northfield State University", "northfield.edu"),
    ("Lakeshore College", "lakeshore.edu"),
    ("Westbrook University", "westbrook.edu"),
    ("Cedar Valley Community College", "cedarvalley.edu"),
    ("Riverside Institute of Technology", "rivertech.edu"),
    ("University of Eastport", "eastport.edu"),
];

const FREE_MAIL: &[(u32, &str)] = &[(80, "gmail.com"), (8, "outlook.com"), (7, "yahoo.com"), (5, "hotmail.com")];

const COMPANY_PREFIXES: Words = Words(
    "Blue|North|Bright|Silver|Iron|Cedar|Red|Green|Summit|River|Stone|Swift|Clear|Pioneer|Apex|Nova|\
     Quantum|Vertex|Harbor|Maple|Oak|Pine|Granite|Coral|Lunar|Solar|Crest|Prime|True|Bold|Echo|Atlas|\
     Orbit|Polar|Sky|Sun|Star|Wave|Arrow|Falcon|Eagle|Fox|Wolf|Bear|Lion|Tiger|Hawk|Raven|Golden|\
     Crystal|Amber|Jade|Ruby|Onyx|Cobalt|Indigo|Violet|Scarlet|Ever|High|Deep|Far|West|East",
);

const COMPANY_ROOTS: Words = Words(
    "field|stone|bridge|gate|point|wave|line|path|forge|works|stack|cloud|peak|ridge|view|port|light|\
     craft|mark|wind|spring|brook|dale|haven|wood|vale|crest|shore|star|leaf|rock|well|ford|land|\
     ware|base|core|scale|loop|sight|shift|grid|nest|hive|spark|flow|bay|mont",
);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Industry {
    Software,
    Financial,
    Healthcare,
    Manufacturing,
    Retail,
    Education,
    Government,
    Media,
    Consulting,
    Telecom,
    RealEstate,
    Nonprofit,
    Unknown,
}

/// The second word of a company name and the industry it suggests.
const COMPANY_WORDS: &[(u32, &str, Industry)] = &[
    (30, "", Industry::Unknown),
    (6, "Analytics", Industry::Software),
    (6, "Systems", Industry::Software),
    (6, "Labs", Industry::Software),
    (5, "Software", Industry::Software),
    (4, "Cloud", Industry::Software),
    (4, "AI", Industry::Software),
    (4, "Health", Industry::Healthcare),
    (3, "Medical", Industry::Healthcare),
    (2, "Clinics", Industry::Healthcare),
    (4, "Capital", Industry::Financial),
    (3, "Bank", Industry::Financial),
    (3, "Financial", Industry::Financial),
    (2, "Insurance", Industry::Financial),
    (3, "Robotics", Industry::Manufacturing),
    (4, "Industries", Industry::Manufacturing),
    (2, "Manufacturing", Industry::Manufacturing),
    (2, "Components", Industry::Manufacturing),
    (3, "Retail", Industry::Retail),
    (2, "Goods", Industry::Retail),
    (3, "Media", Industry::Media),
    (2, "Studios", Industry::Media),
    (2, "Learning", Industry::Education),
    (6, "Group", Industry::Unknown),
    (4, "Partners", Industry::Consulting),
    (3, "Consulting", Industry::Consulting),
    (3, "Logistics", Industry::Unknown),
    (2, "Energy", Industry::Unknown),
    (2, "Telecom", Industry::Telecom),
    (2, "Properties", Industry::RealEstate),
    (2, "Foundation", Industry::Nonprofit),
    (3, "Technologies", Industry::Software),
];

const INDUSTRIES: &[(u32, Industry)] = &[
    (24, Industry::Software),
    (12, Industry::Financial),
    (10, Industry::Healthcare),
    (10, Industry::Manufacturing),
    (8, Industry::Retail),
    (5, Industry::Education),
    (4, Industry::Government),
    (6, Industry::Media),
    (6, Industry::Consulting),
    (3, Industry::Telecom),
    (3, Industry::RealEstate),
    (2, Industry::Nonprofit),
    (7, Industry::Unknown),
];

/// How the industry is spelled in the export: mostly clean, sometimes not.
fn industry_text(rng: &mut Rng, industry: Industry) -> &'static str {
    let spellings: &[(u32, &str)] = match industry {
        Industry::Software => &[
            (70, "Software"),
            (8, "software"),
            (6, "Software "),
            (4, "SOFTWARE"),
            (4, " Software"),
            (8, "Computer Software"),
        ],
        Industry::Financial => &[
            (70, "Financial Services"),
            (10, "financial services"),
            (8, "Financial services"),
            (4, "FINANCIAL SERVICES"),
            (4, "Financial  Services"),
            (4, "Banking"),
        ],
        Industry::Healthcare => &[
            (70, "Healthcare"),
            (10, "healthcare"),
            (6, "HealthCare"),
            (4, "Healthcare "),
            (10, "Hospital & Health Care"),
        ],
        Industry::Manufacturing => {
            &[(75, "Manufacturing"), (10, "manufacturing"), (5, "MANUFACTURING"), (10, " Manufacturing")]
        }
        Industry::Retail => &[(80, "Retail"), (20, "retail")],
        Industry::Education => &[(60, "Education"), (40, "Higher Education")],
        Industry::Government => &[(70, "Government"), (30, "Public Sector")],
        Industry::Media => &[(70, "Media"), (30, "Media & Entertainment")],
        Industry::Consulting => &[(100, "Consulting")],
        Industry::Telecom => &[(100, "Telecommunications")],
        Industry::RealEstate => &[(100, "Real Estate")],
        Industry::Nonprofit => &[(100, "Nonprofit")],
        Industry::Unknown => &[(70, ""), (20, "N/A"), (10, "Other")],
    };
    rng.weighted(spellings)
}

/// The seed model's target industries, as the seed model reads the text.
fn is_target_industry(text: &str) -> bool {
    let t = crate::lowercase::lowercase(text.trim());
    matches!(t.as_str(), "software" | "financial services" | "healthcare" | "manufacturing")
}

struct Country {
    name: &'static str,
    territory: &'static str,
    calling_code: &'static str,
    tld: &'static str,
    legal: &'static [&'static str],
}

const US_LEGAL: &[&str] = &["", "", " Inc.", ", Inc.", " LLC", " Corp."];
const UK_LEGAL: &[&str] = &["", " Ltd", " Ltd.", " plc"];
const DE_LEGAL: &[&str] = &["", " GmbH", " GmbH", " AG"];
const NONE_LEGAL: &[&str] = &["", "", " Ltd"];

const COUNTRIES: &[(u32, Country)] = &[
    (38, Country { name: "United States", territory: "NA", calling_code: "+1", tld: "com", legal: US_LEGAL }),
    (4, Country { name: "USA", territory: "NA", calling_code: "+1", tld: "com", legal: US_LEGAL }),
    (5, Country { name: "Canada", territory: "NA", calling_code: "+1", tld: "ca", legal: US_LEGAL }),
    (9, Country { name: "United Kingdom", territory: "EMEA", calling_code: "+44", tld: "co.uk", legal: UK_LEGAL }),
    (6, Country { name: "Germany", territory: "EMEA", calling_code: "+49", tld: "de", legal: DE_LEGAL }),
    (4, Country { name: "France", territory: "EMEA", calling_code: "+33", tld: "fr", legal: &["", " SAS", " SA"] }),
    (3, Country { name: "Netherlands", territory: "EMEA", calling_code: "+31", tld: "nl", legal: &["", " B.V."] }),
    (2, Country { name: "Sweden", territory: "EMEA", calling_code: "+46", tld: "se", legal: &["", " AB"] }),
    (2, Country { name: "Spain", territory: "EMEA", calling_code: "+34", tld: "es", legal: &["", " S.L."] }),
    (2, Country { name: "Ireland", territory: "EMEA", calling_code: "+353", tld: "ie", legal: UK_LEGAL }),
    (1, Country { name: "Israel", territory: "EMEA", calling_code: "+972", tld: "co.il", legal: NONE_LEGAL }),
    (2, Country { name: "Japan", territory: "APAC", calling_code: "+81", tld: "jp", legal: &["", " K.K."] }),
    (4, Country { name: "Australia", territory: "APAC", calling_code: "+61", tld: "com.au", legal: &["", " Pty Ltd"] }),
    (4, Country { name: "India", territory: "APAC", calling_code: "+91", tld: "in", legal: &["", " Pvt Ltd"] }),
    (2, Country { name: "Singapore", territory: "APAC", calling_code: "+65", tld: "sg", legal: &["", " Pte Ltd"] }),
    (4, Country { name: "Brazil", territory: "LATAM", calling_code: "+55", tld: "com.br", legal: &["", " Ltda"] }),
    (
        2,
        Country {
            name: "Mexico",
            territory: "LATAM",
            calling_code: "+52",
            tld: "com.mx",
            legal: &["", " S.A. de C.V."],
        },
    ),
    (1, Country { name: "Argentina", territory: "LATAM", calling_code: "+54", tld: "com.ar", legal: NONE_LEGAL }),
    (1, Country { name: "Colombia", territory: "LATAM", calling_code: "+57", tld: "co", legal: NONE_LEGAL }),
];

const BLOG: Words = Words(
    "/blog/what-is-an-mql|/blog/lead-scoring-101|/blog/speed-to-lead|/blog/sales-marketing-sla|\
     /blog/b2b-attribution-models|/blog/intent-data-explained|/blog/abm-vs-lead-scoring|\
     /blog/negative-scoring|/blog/score-decay|/blog/crm-hygiene-checklist|/blog/marketing-ops-hiring|\
     /blog/pipeline-velocity|/blog/mql-to-sql-benchmarks|/blog/webinar-recap-fall-summit|\
     /blog/customer-story-northwind",
);

const PRODUCT: Words = Words(
    "/product|/product/scoring|/product/routing|/product/handoff|/product/calibration|\
     /product/integrations/salesforce|/product/integrations/hubspot|/product/security",
);

const DOCS: Words = Words("/docs/getting-started|/docs/import|/docs/model-file|/docs/api|/docs/embedding|/docs/sla-calendar");

const OTHER_PAGES: Words = Words("/|/|/about|/customers|/webinars/fall-summit|/compare/spreadsheets");

const PRICING: &[(u32, &str)] = &[(70, "/pricing"), (15, "/pricing?plan=team"), (15, "/pricing#enterprise")];

const CAREERS: &[(u32, &str)] =
    &[(60, "/careers"), (25, "/careers/senior-rust-engineer"), (15, "/careers/account-executive-emea")];

const VISIT_ENTRIES: &[(u32, &str)] = &[
    (30, "/"),
    (15, "/?utm_source=google&utm_medium=cpc"),
    (10, "/?utm_source=linkedin&utm_medium=paid_social"),
    (12, "/blog/lead-scoring-101?utm_source=newsletter"),
    (8, "/product?ref=g2"),
    (10, "/blog/speed-to-lead"),
    (8, "/customers"),
    (7, "/docs/getting-started"),
];

const CASE_STUDIES: Words = Words(
    "case-study-acme.pdf|case-study-northwind-health.pdf|case-study-globex-bank.pdf|\
     case-study-initech-manufacturing.pdf",
);

const OTHER_ASSETS: Words = Words(
    "whitepaper-state-of-lead-scoring-2026.pdf|whitepaper-speed-to-lead.pdf|ebook-mql-playbook.pdf|\
     ebook-sales-handoff-templates.pdf|checklist-crm-hygiene.pdf|webinar-recording-fall-summit.mp4",
);

/// Monthly newsletters; an open is named after the month it happened in.
const NEWSLETTERS: Words = Words(
    "newsletter-2026-01|newsletter-2026-02|newsletter-2026-03|newsletter-2026-04|newsletter-2026-05|\
     newsletter-2026-06|newsletter-2026-07|newsletter-2026-08|newsletter-2026-09|newsletter-2026-10|\
     newsletter-2026-11|newsletter-2026-12",
);

const CAMPAIGNS: Words = Words(
    "webinar-invite-fall-summit|product-update-scoring-v2|nurture-1-welcome|nurture-2-roi|\
     nurture-3-case-study|event-followup-saastr",
);

const CLICK_TARGETS: Words = Words(
    "/blog/speed-to-lead|/blog/mql-to-sql-benchmarks|/webinars/fall-summit|/product/scoring|\
     /customers|/blog/lead-scoring-101",
);

const FORMS: &[(u32, &str)] =
    &[(50, "newsletter"), (25, "webinar-registration"), (15, "ebook-download"), (10, "contact-us")];

const SITE: &str = "https://www.leadscore.example";

// ---------------------------------------------------------------------------
// Leads

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tier {
    /// No activity at all.
    Dormant,
    /// A handful of opens and blog reads spread over months.
    Cold,
    /// Regular interest, some buying signals.
    Warm,
    /// A burst of buying signals (pricing, case studies, return visits).
    Hot,
    /// A hot lead that asked for a demo.
    HandRaiser,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Business,
    FreeMail,
    Student,
    Competitor,
}

struct Company {
    name: String,
    domain: String,
    size: String,
    industry: &'static str,
    country: usize,
}

struct Person {
    first: &'static str,
    last: &'static str,
    email: String,
    phone: String,
    title: &'static str,
    /// 0-10, see `TITLES`.
    buyer: u8,
    company: usize,
    country: usize,
    territory: &'static str,
    created: Time,
    kind: Kind,
    tier: Tier,
    /// Relative share of the activity budget.
    weight: u64,
    use_case: &'static str,
    /// An earlier lead with the same email (the same person entered twice).
    duplicate_of: bool,
    /// 0..1: how well the lead fits (title, size, industry).
    fit: f64,
    // Filled in by `outcome`.
    outcome: &'static str,
    reason: &'static str,
    rejected_at: Option<Time>,
    converted: &'static str,
    first_contact: Option<Time>,
    pageviews: String,
}

struct Generator {
    rng: Rng,
    as_of: Time,
    companies: Vec<Company>,
    /// Each company's index by domain (the engine's string-keyed table type:
    /// a set of its own would add a hash table instance to the wasm).
    domains: FxHashMap<String, usize>,
    /// Universities and competitors already in `companies`, by domain.
    fixed: Vec<(&'static str, usize)>,
}

impl Generator {
    fn new(seed: u64, as_of: Time) -> Generator {
        Generator { rng: Rng::new(seed), as_of, companies: Vec::new(), domains: FxHashMap::default(), fixed: Vec::new() }
    }

    fn person(&mut self, earlier: &[Person]) -> Person {
        let rng = &mut self.rng;
        let oldest = self.as_of - 364 * DAY;
        let created = self.as_of - rng.range(0, 364 * DAY);
        let created = humanize(rng, created, oldest, self.as_of);
        // The same person entered again (a second form fill, a list import).
        if !earlier.is_empty() && rng.chance(0.006) {
            let e = &earlier[rng.below(earlier.len() as u64) as usize];
            let email = if rng.chance(0.3) { capitalize_email(&e.email) } else { e.email.clone() };
            let tier = Self::tier(rng, e.kind, e.fit);
            return Person {
                email,
                phone: if rng.chance(0.5) { e.phone.clone() } else { String::new() },
                created,
                tier,
                weight: activity_weight(rng, tier),
                duplicate_of: true,
                use_case: e.use_case,
                pageviews: String::new(),
                outcome: "",
                reason: "",
                rejected_at: None,
                converted: "",
                first_contact: None,
                ..*e
            };
        }

        let kind = rng.weighted(&[
            (9300, Kind::Business),
            (400, Kind::FreeMail),
            (180, Kind::Student),
            (120, Kind::Competitor),
        ]);
        let first = rng.pick_word(&FIRST_NAMES);
        let last = rng.pick_word(&LAST_NAMES);
        let (title, buyer) = match kind {
            Kind::Student => (rng.weighted(STUDENT_TITLES), 0),
            Kind::Competitor => (rng.weighted(COMPETITOR_TITLES), 0),
            _ => {
                let t = rng.weighted_by(TITLES, |t| t.0);
                (t.1, t.2)
            }
        };
        let company = match kind {
            Kind::Student => self.fixed_company(UNIVERSITIES, Industry::Education),
            Kind::Competitor => self.fixed_company(COMPETITORS, Industry::Software),
            // Colleagues: a few leads join an account that is already in the table.
            _ if !self.companies.is_empty() && self.rng.chance(0.09) => {
                self.rng.below(self.companies.len() as u64) as usize
            }
            _ => self.new_company(),
        };
        let rng = &mut self.rng;
        let c = &self.companies[company];
        let country = if rng.chance(0.9) { c.country } else { any_country(rng) };
        let email = match kind {
            Kind::FreeMail => {
                let local = format!("{}.{}{}", ascii_fold(first), ascii_fold(last), rng.range(1, 100));
                format!("{local}@{}", rng.weighted(FREE_MAIL))
            }
            _ => format!("{}@{}", local_part(rng, first, last), c.domain),
        };
        let phone = if rng.chance(0.35) { String::new() } else { phone(rng, &COUNTRIES[country].1) };
        let territory = match rng.below(100) {
            0..=3 => "",
            _ => COUNTRIES[country].1.territory,
        };

        let mut fit = buyer as f64 / 10.0 * 0.4;
        if let Ok(n) = c.size.parse::<u32>() {
            if (200..=5000).contains(&n) {
                fit += 0.3;
            } else if n < 50 {
                fit -= 0.2;
            }
        }
        if is_target_industry(c.industry) {
            fit += 0.3;
        }
        let fit = fit.clamp(0.0, 1.0);
        let rng = &mut self.rng;
        let tier = Self::tier(rng, kind, fit);
        let use_case = use_case(rng, kind, tier);
        Person {
            first,
            last,
            email,
            phone,
            title,
            buyer,
            company,
            country,
            territory,
            created,
            kind,
            tier,
            weight: activity_weight(rng, tier),
            use_case,
            duplicate_of: false,
            fit,
            outcome: "",
            reason: "",
            rejected_at: None,
            converted: "",
            first_contact: None,
            pageviews: String::new(),
        }
    }

    fn tier(rng: &mut Rng, kind: Kind, fit: f64) -> Tier {
        match kind {
            Kind::Competitor => rng.weighted(&[(10, Tier::Cold), (50, Tier::Warm), (40, Tier::Hot)]),
            Kind::Student => rng.weighted(&[(10, Tier::Dormant), (60, Tier::Cold), (30, Tier::Warm)]),
            _ => {
                // In thousandths; better fit, more buying behavior.
                let hand = 12 + (30.0 * fit) as u32;
                let hot = 45 + (95.0 * fit) as u32;
                let warm = 260;
                let dormant = 130;
                let cold = 1000 - hand - hot - warm - dormant;
                rng.weighted(&[
                    (dormant, Tier::Dormant),
                    (cold, Tier::Cold),
                    (warm, Tier::Warm),
                    (hot, Tier::Hot),
                    (hand, Tier::HandRaiser),
                ])
            }
        }
    }

    fn fixed_company(&mut self, list: &[(&'static str, &'static str)], industry: Industry) -> usize {
        let (name, domain) = self.rng.pick(list);
        if let Some(&(_, i)) = self.fixed.iter().find(|(d, _)| *d == domain) {
            return i;
        }
        self.fixed.push((domain, self.companies.len()));
        let rng = &mut self.rng;
        let size = match industry {
            Industry::Education => rng.pick(&["", "N/A", "12000", "35000", "8500"]).to_string(),
            _ => rng.range(15, 400).to_string(),
        };
        let industry =
            if industry == Industry::Education { rng.pick(&["Education", "Higher Education"]) } else { "Software" };
        self.companies.push(Company { name: name.to_string(), domain: domain.to_string(), size, industry, country: 0 });
        self.companies.len() - 1
    }

    fn new_company(&mut self) -> usize {
        let rng = &mut self.rng;
        let country = any_country(rng);
        let cty = &COUNTRIES[country].1;
        for _ in 0..8 {
            let prefix = rng.pick_word(&COMPANY_PREFIXES);
            let root = rng.pick_word(&COMPANY_ROOTS);
            let &(_, word, hint) = rng.weighted_by(COMPANY_WORDS, |w| w.0);
            let base = format!("{}{}", crate::lowercase::lowercase(prefix), root);
            let word_l = crate::lowercase::lowercase(word);
            let tld = rng.weighted(&[(70, "com"), (8, "io"), (5, "co"), (4, "ai"), (3, "net"), (10, cty.tld)]);
            let domain = match rng.below(10) {
                0 => format!("get{base}{word_l}.{tld}"),
                1 => format!("{base}{word_l}hq.{tld}"),
                2 => format!("{}-{}{word_l}.{tld}", crate::lowercase::lowercase(prefix), root),
                _ => format!("{base}{word_l}.{tld}"),
            };
            if self.domains.contains_key(&domain) {
                continue;
            }
            let mut name = if rng.chance(0.15) {
                let mut r = root.to_string();
                r[..1].make_ascii_uppercase();
                format!("{prefix} {r}")
            } else {
                format!("{prefix}{root}")
            };
            if !word.is_empty() {
                name.push(' ');
                name.push_str(word);
            }
            name.push_str(rng.pick(cty.legal));
            let industry = if hint != Industry::Unknown && rng.chance(0.75) { hint } else { rng.weighted(INDUSTRIES) };
            let industry = industry_text(rng, industry);
            let size = company_size(rng);
            self.domains.insert(domain.clone(), self.companies.len());
            self.companies.push(Company { name, domain, size, industry, country });
            return self.companies.len() - 1;
        }
        // Out of fresh names: join an existing account.
        self.rng.below(self.companies.len() as u64) as usize
    }

    /// Decides whether sales worked the lead, and how it went. Outcomes
    /// follow fit and engagement, so calibration has signal to find.
    fn outcome(&mut self, p: &mut Person, events: &[Event]) {
        let as_of = self.as_of;
        let pageviews = events.iter().filter(|e| e.t <= as_of && e.kind == EventKind::PageView).count();
        let rng = &mut self.rng;
        p.pageviews = match rng.below(100) {
            0..=9 => String::new(),
            _ => (pageviews as u64 + rng.below(4)).to_string(),
        };
        if p.created > as_of - 2 * DAY {
            return;
        }
        let engagement = match p.tier {
            Tier::Dormant => 0.0,
            Tier::Cold => 0.15,
            Tier::Warm => 0.45,
            Tier::Hot => 0.85,
            Tier::HandRaiser => 1.0,
        };
        let quality = (p.fit + engagement) / 2.0;
        let worked = 0.07 + 0.6 * engagement * engagement * (0.5 + p.fit);
        if !rng.chance(worked) {
            return;
        }
        let last_seen = events.iter().filter(|e| e.t <= as_of).map(|e| e.t).max().unwrap_or(p.created).max(p.created);
        let delay = match rng.below(100) {
            0..=24 => rng.range(5 * 60, 3600),
            25..=59 => rng.range(3600, 8 * 3600),
            60..=84 => rng.range(8 * 3600, 2 * DAY),
            _ => rng.range(2 * DAY, 6 * DAY),
        };
        let mut worked_at = last_seen + delay;
        if worked_at > as_of {
            worked_at = (as_of - rng.range(3600, 2 * DAY)).max(p.created + 600);
        }
        if rng.chance(0.7) {
            p.first_contact = Some(worked_at);
        }
        let buyer = p.buyer as f64 / 10.0;
        let accept = match p.kind {
            Kind::Student | Kind::Competitor => 0.0,
            _ => 0.1 + 0.5 * quality * quality + 0.2 * buyer,
        };
        if rng.chance(accept) {
            p.outcome = "accepted";
            let convert = 0.02 + 0.8 * quality * quality * quality + 0.25 * buyer * engagement * engagement;
            p.converted = if rng.chance(convert) { "true" } else { "false" };
        } else {
            p.outcome = "rejected";
            let shared = p.duplicate_of;
            let wrong_icp = if p.kind == Kind::Business || p.kind == Kind::FreeMail {
                10 + (40.0 * (1.0 - p.fit)) as u32
            } else {
                200
            };
            p.reason = rng.weighted(&[
                (wrong_icp, "wrong_icp"),
                (10 + (30.0 * (1.0 - engagement)) as u32, "premature"),
                (if shared { 60 } else { 4 }, "duplicate"),
                (if p.phone.is_empty() { 20 } else { 6 }, "unreachable"),
            ]);
            p.rejected_at = Some((worked_at + rng.range(0, 10 * DAY)).min(as_of - 60));
            // Premature leads sometimes come back and buy.
            let convert = if p.reason == "premature" { 0.08 } else { 0.01 };
            p.converted = if rng.chance(convert) { "true" } else { "false" };
        }
    }

    fn leads_csv(&self, people: &[Person]) -> String {
        let mut w = String::with_capacity(people.len() * 220 + 256);
        crate::export::csv_record(&mut w, LEAD_HEADER.iter().copied(), "\n");
        let (mut created, mut rejected, mut contacted) = ([0u8; 20], [0u8; 20], [0u8; 20]);
        for (i, p) in people.iter().enumerate() {
            let c = &self.companies[p.company];
            let cty = &COUNTRIES[p.country].1;
            let row: [&str; 19] = [
                &lead_id(i),
                p.first,
                p.last,
                &p.email,
                &p.phone,
                p.title,
                &c.name,
                &c.size,
                c.industry,
                cty.name,
                p.territory,
                time_text(Some(p.created), &mut created),
                p.outcome,
                p.reason,
                time_text(p.rejected_at, &mut rejected),
                p.converted,
                time_text(p.first_contact, &mut contacted),
                p.use_case,
                &p.pageviews,
            ];
            crate::export::csv_record(&mut w, row, "\n");
        }
        w
    }
}

fn any_country(rng: &mut Rng) -> usize {
    rng.weighted_index(COUNTRIES, |c| c.0)
}

fn activity_weight(rng: &mut Rng, tier: Tier) -> u64 {
    let base = match tier {
        Tier::Dormant => return 0,
        Tier::Cold => 350,
        Tier::Warm => 1200,
        Tier::Hot => 3000,
        Tier::HandRaiser => 2500,
    };
    // 0.4x to 1.6x
    base * (400 + rng.below(1201)) / 1000
}

fn company_size(rng: &mut Rng) -> String {
    let (lo, hi) = rng.weighted(&[
        (6, (0, 0)),
        (1, (-1, -1)),
        (5, (1, 10)),
        (9, (11, 49)),
        (15, (50, 199)),
        (14, (200, 499)),
        (12, (500, 999)),
        (12, (1000, 2499)),
        (9, (2500, 5000)),
        (7, (5001, 10000)),
        (6, (10001, 50000)),
    ]);
    match (lo, hi) {
        (0, 0) => String::new(),
        (-1, -1) => "N/A".to_string(),
        _ => {
            let n = rng.range(lo, hi + 1);
            // People type round numbers.
            let n = match (rng.below(3), n) {
                (0, n) if n >= 1000 => (n + 250) / 500 * 500,
                (0, n) if n >= 100 => (n + 25) / 50 * 50,
                (0, n) if n >= 20 => (n + 5) / 10 * 10,
                (_, n) => n,
            };
            n.to_string()
        }
    }
}

fn use_case(rng: &mut Rng, kind: Kind, tier: Tier) -> &'static str {
    if kind == Kind::Student {
        return rng.weighted(&[(50, "Student project"), (30, "Just researching"), (20, "")]);
    }
    match tier {
        Tier::Hot | Tier::HandRaiser => rng.weighted(&[
            (30, "Lead scoring"),
            (20, "Sales handoff"),
            (10, "Attribution"),
            (10, "Pipeline reporting"),
            (10, "Replace spreadsheets"),
            (3, "Just researching"),
            (3, "Select"),
            (14, ""),
        ]),
        Tier::Warm => rng.weighted(&[
            (20, "Lead scoring"),
            (10, "Sales handoff"),
            (12, "Attribution"),
            (8, "Pipeline reporting"),
            (6, "Replace spreadsheets"),
            (15, "Just researching"),
            (4, "Select"),
            (25, ""),
        ]),
        _ => {
            rng.weighted(&[(8, "Lead scoring"), (8, "Attribution"), (30, "Just researching"), (4, "Select"), (50, "")])
        }
    }
}

/// `L-000123` for the lead at index 122.
fn lead_id(i: usize) -> String {
    format!("L-{:06}", i + 1)
}

/// Appends `lead_id(i)` without allocating.
fn push_lead_id(out: &mut Vec<u8>, i: usize) {
    let mut digits = [b'0'; 20];
    let mut n = i + 1;
    let mut at = digits.len();
    while n > 0 {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend_from_slice(b"L-");
    out.extend_from_slice(&digits[at.min(digits.len() - 6)..]);
}

/// `jane.doe`, `jdoe`, `jane`... as companies do it.
fn local_part(rng: &mut Rng, first: &str, last: &str) -> String {
    let f = ascii_fold(first);
    let l = ascii_fold(last);
    let initial = &f[..1.min(f.len())];
    match rng.below(100) {
        0..=49 => format!("{f}.{l}"),
        50..=69 => format!("{initial}{l}"),
        70..=77 => f,
        78..=84 => format!("{f}{}", &l[..1.min(l.len())]),
        85..=91 => format!("{f}_{l}"),
        _ => format!("{l}.{f}"),
    }
}

/// Lower-case ASCII letters and digits of a name: `García-López` -> `garcialopez`.
fn ascii_fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars().flat_map(crate::lowercase::lower_char) {
        let c = match ch {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c if c.is_ascii_alphanumeric() => c,
            _ => continue,
        };
        out.push(c);
    }
    out
}

/// `jane.doe@x.com` -> `Jane.Doe@x.com`: the same address, typed differently.
fn capitalize_email(email: &str) -> String {
    let mut out = String::with_capacity(email.len());
    let mut upper = true;
    for ch in email.chars() {
        if ch == '@' {
            out.push_str(&email[out.len()..]);
            return out;
        }
        out.push(if upper { ch.to_ascii_uppercase() } else { ch });
        upper = ch == '.' || ch == '_';
    }
    out
}

fn phone(rng: &mut Rng, c: &Country) -> String {
    let a = rng.range(200, 1000);
    let b = rng.range(100, 1000);
    let d = rng.range(0, 10000);
    match c.calling_code {
        "+1" => match rng.below(3) {
            0 => format!("({a}) {b}-{d:04}"),
            _ => format!("+1 {a}-{b}-{d:04}"),
        },
        cc => format!("{cc} {} {b} {d:04}", a / 10),
    }
}

// ---------------------------------------------------------------------------
// Activities

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum EventKind {
    PageView,
    Visit,
    EmailOpen,
    EmailClick,
    ContentDownload,
    FormSubmit,
    DemoRequest,
    Unsubscribe,
}

impl EventKind {
    fn name(self) -> &'static str {
        match self {
            EventKind::PageView => "page_view",
            EventKind::Visit => "visit",
            EventKind::EmailOpen => "email_open",
            EventKind::EmailClick => "email_click",
            EventKind::ContentDownload => "content_download",
            EventKind::FormSubmit => "form_submit",
            EventKind::DemoRequest => "demo_request",
            EventKind::Unsubscribe => "unsubscribe",
        }
    }
}

struct Event {
    t: Time,
    lead: u32,
    kind: EventKind,
    /// Page views are sometimes logged with the full URL.
    full_url: bool,
    detail: &'static str,
}

/// Exactly `n` events for one lead.
fn lead_events(rng: &mut Rng, p: &Person, lead: u32, n: usize, as_of: Time, out: &mut Vec<Event>) {
    if n == 0 {
        return;
    }
    let floor = as_of - 200 * DAY;
    // Anonymous visits before the form fill get stitched to the lead.
    let lo = (p.created - 3 * DAY).max(floor);
    let span = as_of - lo;
    let recent_share = match p.tier {
        Tier::Hot => 0.8,
        Tier::HandRaiser => 0.7,
        Tier::Warm => 0.35,
        _ => 0.0,
    };
    // Where the lead's interest peaks.
    let center = if rng.chance(recent_share) {
        as_of - rng.range(0, span.min(24 * DAY))
    } else {
        lo + rng.range(0, span.max(1))
    };
    let start = out.len();
    let mut left = n;
    let push = |out: &mut Vec<Event>, left: &mut usize, t: Time, kind: EventKind, detail: &'static str| {
        if *left == 0 {
            return;
        }
        *left -= 1;
        out.push(Event { t, lead, kind, full_url: false, detail });
    };

    let (pricing, case_studies, visits, opens, careers) = match p.tier {
        Tier::Hot => (0.8, 0.5, 0.55, 0.5, 0.02),
        Tier::HandRaiser => (0.85, 0.4, 0.5, 0.4, 0.01),
        Tier::Warm => (0.3, 0.2, 0.15, 0.3, 0.04),
        _ => (0.08, 0.03, 0.0, 0.0, 0.04),
    };
    let careers = if p.buyer <= 1 { 0.3 } else { careers };
    let near = |rng: &mut Rng, before: i64, after: i64| (center + rng.range(-before, after + 1)).clamp(lo, as_of);

    if p.tier == Tier::HandRaiser {
        let t = near(rng, 0, DAY);
        push(out, &mut left, t, EventKind::DemoRequest, rng.pick(&["book-a-demo", "/demo", "contact-sales"]));
        if rng.chance(0.5) {
            push(out, &mut left, (t - rng.range(60, 3600)).max(lo), EventKind::FormSubmit, "contact-us");
        }
    }
    if rng.chance(pricing) {
        let t = near(rng, 2 * DAY, DAY);
        push(out, &mut left, t, EventKind::PageView, rng.weighted(PRICING));
    }
    if rng.chance(case_studies) {
        for _ in 0..1 + rng.below(3) {
            let t = near(rng, 5 * DAY, 2 * DAY);
            push(out, &mut left, t, EventKind::ContentDownload, rng.pick_word(&CASE_STUDIES));
        }
    }
    if rng.chance(visits) {
        let first = near(rng, 4 * DAY, 0).min(as_of - 2 * DAY).max(lo);
        for _ in 0..3 + rng.below(2) {
            let t = (first + rng.range(0, 5 * DAY)).min(as_of);
            push(out, &mut left, t, EventKind::Visit, rng.weighted(VISIT_ENTRIES));
        }
    }
    if rng.chance(opens) {
        for _ in 0..3 + rng.below(3) {
            let t = near(rng, 12 * DAY, 3 * DAY);
            push(out, &mut left, t, EventKind::EmailOpen, rng.pick_word(&CAMPAIGNS));
        }
    }
    if rng.chance(careers) {
        let t = lo + rng.range(0, span.max(1));
        push(out, &mut left, t, EventKind::PageView, rng.weighted(CAREERS));
    }
    let unsubscribe = match p.tier {
        Tier::Cold => 0.05,
        Tier::Warm => 0.02,
        _ => 0.002,
    };
    if rng.chance(unsubscribe) {
        let t = near(rng, 0, 30 * DAY);
        push(out, &mut left, t, EventKind::Unsubscribe, rng.pick(&["all-emails", "newsletter"]));
    }

    // The rest: everyday browsing and email, around the peak for engaged
    // leads, over the whole window for the others.
    let (before, after) = match p.tier {
        Tier::Hot | Tier::HandRaiser => (75 * DAY, 10 * DAY),
        Tier::Warm => (100 * DAY, 40 * DAY),
        _ => (span, span),
    };
    while left > 0 {
        let t = near(rng, before, after);
        let kind = rng.weighted(&[
            (42, EventKind::PageView),
            (15, EventKind::Visit),
            (27, EventKind::EmailOpen),
            (8, EventKind::EmailClick),
            (5, EventKind::ContentDownload),
            (3, EventKind::FormSubmit),
        ]);
        let detail = match kind {
            EventKind::PageView => match rng.below(100) {
                0..=44 => rng.pick_word(&BLOG),
                45..=67 => rng.pick_word(&PRODUCT),
                68..=80 => rng.pick_word(&DOCS),
                81..=93 => rng.pick_word(&OTHER_PAGES),
                _ => "/customers",
            },
            EventKind::Visit => rng.weighted(VISIT_ENTRIES),
            EventKind::EmailOpen => {
                if rng.chance(0.6) {
                    let (_, month, _) = civil_from_days(t.div_euclid(DAY));
                    NEWSLETTERS.get(month as usize - 1)
                } else {
                    rng.pick_word(&CAMPAIGNS)
                }
            }
            EventKind::EmailClick => rng.pick_word(&CLICK_TARGETS),
            EventKind::ContentDownload => rng.pick_word(&OTHER_ASSETS),
            _ => rng.weighted(FORMS),
        };
        push(out, &mut left, t, kind, detail);
    }

    for e in &mut out[start..] {
        e.t = humanize(rng, e.t, lo, as_of);
        if e.kind == EventKind::PageView && rng.chance(0.25) {
            e.full_url = true;
        }
        // A few events arrive after the as-of time: the cut-off must drop them.
        if rng.chance(0.003) {
            e.t = as_of + rng.range(600, 15 * DAY);
        }
    }
}

/// Keeps the day, moves the time to when people work, and most weekend
/// activity to the nearest weekday; stays inside [lo, hi].
fn humanize(rng: &mut Rng, t: Time, lo: Time, hi: Time) -> Time {
    let mut day = t.div_euclid(DAY);
    // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays.
    match (day + 4).rem_euclid(7) {
        6 if rng.chance(0.7) => day -= 1,
        0 if rng.chance(0.7) => day += 1,
        _ => {}
    }
    let hour = rng.weighted(&[
        (1, 0),
        (1, 5),
        (3, 7),
        (8, 8),
        (12, 9),
        (13, 10),
        (12, 11),
        (8, 12),
        (11, 13),
        (12, 14),
        (11, 15),
        (9, 16),
        (6, 17),
        (4, 18),
        (3, 19),
        (3, 20),
        (3, 21),
        (2, 22),
    ]);
    let t = day * DAY + hour * 3600 + rng.range(0, 3600);
    if t > hi {
        (hi - rng.range(60, 6 * 3600)).max(lo)
    } else if t < lo {
        lo + rng.range(0, 3600)
    } else {
        t
    }
}

/// Written by hand rather than through `csv::Writer`: four short fields per
/// row, millions of rows, and only a detail could ever need quotes.
fn activities_csv(events: &[Event]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(events.len() * 64 + 64);
    out.extend_from_slice(ACTIVITY_HEADER.join(",").as_bytes());
    out.push(b'\n');
    let mut time = [0u8; 20];
    for e in events {
        // From the number, not from a table of ids: the rows are shuffled
        // and a lookup would miss the cache on almost every row.
        push_lead_id(&mut out, e.lead as usize);
        out.push(b',');
        out.extend_from_slice(format_time_into(e.t, &mut time));
        out.push(b',');
        out.extend_from_slice(e.kind.name().as_bytes());
        out.push(b',');
        let quote = e.detail.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
        if quote {
            out.push(b'"');
        }
        if e.full_url {
            out.extend_from_slice(SITE.as_bytes());
        }
        for &b in e.detail.as_bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        if quote {
            out.push(b'"');
        }
        out.push(b'\n');
    }
    String::from_utf8(out).expect("all fields are UTF-8")
}

// ---------------------------------------------------------------------------
// Time formatting (faster than going through chrono for millions of rows)

/// (year, month 1-12, day 1-31) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// An optional time as CSV text (empty when absent).
fn time_text(t: Option<Time>, buf: &mut [u8; 20]) -> &str {
    match t {
        Some(t) => std::str::from_utf8(format_time_into(t, buf)).expect("ASCII digits"),
        None => "",
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for years 0-9999, the same text as `time::format_time`.
fn format_time_into(t: Time, buf: &mut [u8; 20]) -> &[u8] {
    let (y, mo, d) = civil_from_days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY);
    let put = |buf: &mut [u8; 20], at: usize, v: i64, width: usize| {
        let mut v = v;
        for i in (0..width).rev() {
            buf[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(buf, 0, y, 4);
    buf[4] = b'-';
    put(buf, 5, mo as i64, 2);
    buf[7] = b'-';
    put(buf, 8, d as i64, 2);
    buf[10] = b'T';
    put(buf, 11, s / 3600, 2);
    buf[13] = b':';
    put(buf, 14, s / 60 % 60, 2);
    buf[16] = b':';
    put(buf, 17, s % 60, 2);
    buf[19] = b'Z';
    &buf[..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::format_time;

    #[test]
    fn wide_division_is_the_standard_one() {
        let mut rng = Rng::new(11);
        let edges = [1u128, 2, 3, 7, u64::MAX as u128, u64::MAX as u128 + 1, 1 << 100, (1 << 127) - 1, 1 << 127, (1 << 127) + 5, u128::MAX - 1, u128::MAX];
        let mut cases: Vec<(u128, u128)> = Vec::new();
        for &n in &edges {
            for &d in &edges {
                cases.push((n, d));
            }
        }
        for _ in 0..20_000 {
            // Numerators and divisors of every width, from 1 bit to 128.
            let wide = |rng: &mut Rng| {
                let x = (rng.next_u64() as u128) << 64 | rng.next_u64() as u128;
                x >> rng.below(128)
            };
            let (n, d) = (wide(&mut rng), wide(&mut rng).max(1));
            cases.push((n, d));
        }
        for (n, d) in cases {
            assert_eq!(div_u128(n, d), n / d, "{n} / {d}");
        }
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let a = generate(300, 12, 7);
        let b = generate(300, 12, 7);
        assert_eq!(a.leads_csv, b.leads_csv);
        assert_eq!(a.activities_csv, b.activities_csv);
        let c = generate(300, 12, 8);
        assert_ne!(a.leads_csv, c.leads_csv);
        assert_ne!(a.activities_csv, c.activities_csv);
    }

    #[test]
    fn headers_are_exact() {
        let s = generate(5, 3, 1);
        assert_eq!(
            s.leads_csv.lines().next().unwrap(),
            "id,first_name,last_name,email,phone,title,company,company_size,industry,country,territory,\
             created_at,sales_outcome,rejection_reason,rejected_at,converted,first_contact_at,use_case,\
             Number of Pageviews"
        );
        assert_eq!(s.activities_csv.lines().next().unwrap(), "lead_id,timestamp,type,detail");
        assert_eq!(s.as_of, parse_time("2026-11-20T12:00:00Z").unwrap());
    }

    #[test]
    fn row_counts_are_exact() {
        for (leads, per) in [(0, 20), (1, 0), (1, 7), (137, 3), (1000, 20)] {
            let s = generate(leads, per, 42);
            let (l, a) = parse(&s);
            assert_eq!(l.len(), leads, "leads for {leads}x{per}");
            assert_eq!(a.len(), leads * per, "activities for {leads}x{per}");
            assert!(l.iter().all(|r| r.len() == 19));
            assert!(a.iter().all(|r| r.len() == 4));
        }
    }

    #[test]
    fn every_timestamp_parses_and_falls_where_it_should() {
        let s = generate(2000, 15, 3);
        let (leads, acts) = parse(&s);
        let floor = s.as_of - 200 * DAY;
        let mut after = 0;
        let mut last = i64::MIN;
        let mut unsorted = 0;
        for a in &acts {
            let t = parse_time(&a[1]).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(format_time(t), a[1], "canonical form");
            assert!(t >= floor, "{} is more than 200 days before as-of", a[1]);
            if t > s.as_of {
                after += 1;
                assert!(t < s.as_of + 16 * DAY);
            }
            if t < last {
                unsorted += 1;
            }
            last = t;
        }
        assert!(after > 0 && after < acts.len() / 100, "{after} events after as-of");
        assert!(unsorted > acts.len() / 3, "the log is shuffled");
        for l in &leads {
            let created = parse_time(&l[11]).unwrap();
            assert!(created <= s.as_of && created > s.as_of - 365 * DAY);
            for col in [14, 16] {
                if !l[col].is_empty() {
                    let t = parse_time(&l[col]).unwrap();
                    assert!(t >= created && t <= s.as_of, "{} in {:?}", l[col], l);
                }
            }
        }
    }

    #[test]
    fn lead_ids_are_padded_to_six_digits() {
        for i in [0, 8, 122, 999_998, 999_999, 1_234_566] {
            let mut out = Vec::new();
            push_lead_id(&mut out, i);
            assert_eq!(String::from_utf8(out).unwrap(), lead_id(i));
        }
        assert_eq!(lead_id(122), "L-000123");
        assert_eq!(lead_id(1_234_566), "L-1234567");
    }

    #[test]
    fn time_formatting_matches_the_time_module() {
        let mut buf = [0u8; 20];
        for t in [0, 1, 86_399, 86_400, 951_782_400, 1_798_761_599, 1_795_176_000, 4_102_444_800 - 1] {
            assert_eq!(std::str::from_utf8(format_time_into(t, &mut buf)).unwrap(), format_time(t));
        }
        let mut rng = Rng::new(9);
        for _ in 0..10_000 {
            let t = rng.range(0, 4_102_444_800);
            assert_eq!(std::str::from_utf8(format_time_into(t, &mut buf)).unwrap(), format_time(t));
        }
    }

    #[test]
    fn looks_like_a_lead_export() {
        let s = generate(5000, 20, 11);
        let (leads, acts) = parse(&s);
        let ids: std::collections::HashSet<&str> = leads.iter().map(|l| l[0].as_str()).collect();
        assert_eq!(ids.len(), leads.len(), "ids are unique");
        assert_eq!(leads[122][0], "L-000123");
        assert!(acts.iter().all(|a| ids.contains(a[0].as_str())), "every activity names a lead");

        let share =
            |f: &dyn Fn(&Vec<String>) -> bool| leads.iter().filter(|l| f(l)).count() as f64 / leads.len() as f64;
        let domain = |l: &Vec<String>| crate::lowercase::lowercase(l[3].rsplit('@').next().unwrap());
        let gmail = share(&|l| domain(l) == "gmail.com");
        let edu = share(&|l| domain(l).ends_with(".edu"));
        let outcome = share(&|l| !l[12].is_empty());
        let empty_size = share(&|l| l[7].is_empty());
        let in_range = share(&|l| l[7].parse::<u32>().is_ok_and(|n| (200..=5000).contains(&n)));
        assert!((0.01..0.08).contains(&gmail), "gmail {gmail}");
        assert!((0.003..0.04).contains(&edu), "edu {edu}");
        assert!((0.10..0.20).contains(&outcome), "worked {outcome}");
        assert!((0.02..0.15).contains(&empty_size), "empty size {empty_size}");
        assert!((0.3..0.6).contains(&in_range), "size 200-5000 {in_range}");

        // Colleagues share a domain; the same person appears twice.
        let mut by_domain = std::collections::HashMap::new();
        let mut emails = std::collections::HashSet::new();
        let mut same_email = 0;
        for l in &leads {
            *by_domain.entry(domain(l)).or_insert(0) += 1;
            if !emails.insert(crate::lowercase::lowercase(&l[3])) {
                same_email += 1;
            }
        }
        let shared = by_domain.iter().filter(|(d, n)| **n > 1 && !d.ends_with("mail.com") && *d != "yahoo.com").count();
        assert!(shared > 50, "{shared} shared domains");
        assert!(same_email > 5, "{same_email} repeated emails");

        for l in &leads {
            match l[12].as_str() {
                "" => assert!(l[13].is_empty() && l[14].is_empty() && l[15].is_empty()),
                "accepted" => {
                    assert!(l[13].is_empty() && l[14].is_empty() && ["true", "false"].contains(&l[15].as_str()))
                }
                "rejected" => {
                    assert!(["wrong_icp", "premature", "duplicate", "unreachable"].contains(&l[13].as_str()), "{l:?}");
                    assert!(!l[14].is_empty());
                }
                other => panic!("outcome {other}"),
            }
            assert!(["NA", "EMEA", "APAC", "LATAM", ""].contains(&l[10].as_str()));
        }
        for t in [
            "page_view",
            "visit",
            "email_open",
            "email_click",
            "content_download",
            "form_submit",
            "demo_request",
            "unsubscribe",
        ] {
            assert!(acts.iter().any(|a| a[2] == t), "no {t}");
        }
        let demos = acts.iter().filter(|a| a[2] == "demo_request").count();
        assert!(demos < acts.len() / 200, "demo requests are rare: {demos}");
        let leads_with_none = leads.len() - acts.iter().map(|a| a[0].as_str()).collect::<std::collections::HashSet<_>>().len();
        assert!(leads_with_none > leads.len() / 20, "{leads_with_none} leads without activity");
    }

    /// The seed model finds 10-20% MQLs, and the outcomes favour them.
    #[test]
    fn seed_model_finds_a_realistic_share_of_mqls() {
        for (seed, per) in [(1, 20), (2, 20), (3, 10), (4, 40)] {
            let s = generate(4000, per, seed);
            let (leads, acts) = parse(&s);
            let statuses: Vec<bool> = seed_scores(&s, &leads, &acts).iter().map(|r| r.1).collect();
            let mql = statuses.iter().filter(|m| **m).count() as f64 / leads.len() as f64;

            let rate = |want: bool| {
                let worked: Vec<_> =
                    leads.iter().zip(&statuses).filter(|(l, m)| **m == want && !l[15].is_empty()).collect();
                worked.iter().filter(|(l, _)| l[15] == "true").count() as f64 / worked.len().max(1) as f64
            };
            assert!((0.10..=0.20).contains(&mql), "seed {seed}, {per}/lead: {mql} MQL");
            assert!(rate(true) > 1.8 * rate(false), "conversion MQL {} vs not {}", rate(true), rate(false));
        }
    }

    /// The engine and the hand-written seed model above agree lead by lead.
    #[test]
    fn the_engine_scores_the_sample_like_the_hand_written_seed_model() {
        let s = generate(3000, 20, 5);
        let (leads, acts) = parse(&s);
        let expected = seed_scores(&s, &leads, &acts);
        let mut ws = crate::Workspace::new();
        // The hand-written model knows no sales decisions: keep the
        // decision columns as plain custom fields.
        let no_decisions: Vec<(String, Option<String>)> =
            ["sales_outcome", "rejection_reason", "rejected_at"].iter().map(|h| (h.to_string(), None)).collect();
        let r = ws.import_leads(s.leads_csv.as_bytes(), &no_decisions).unwrap();
        assert_eq!((r.read, r.kept, r.rejected), (3000, 3000, 0));
        let r = ws.import_activities(s.activities_csv.as_bytes(), &[]).unwrap();
        assert_eq!((r.read, r.kept, r.rejected), (60_000, 60_000, 0));
        let summary = ws.score(s.as_of);
        let mut wrong = Vec::new();
        for (i, (result, (score, mql))) in ws.results().iter().zip(&expected).enumerate() {
            if result.score != *score || (result.status == crate::scoring::Status::Mql) != *mql {
                wrong.push(format!(
                    "{}: engine {} {:?}, expected {score} mql={mql}",
                    leads[i][0], result.score, result.status
                ));
            }
        }
        assert!(wrong.is_empty(), "{} leads differ, first: {:?}", wrong.len(), &wrong[..wrong.len().min(5)]);
        assert_eq!(summary.mql, expected.iter().filter(|r| r.1).count());
    }

    fn parse(s: &Sample) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let read = |text: &str| -> Vec<Vec<String>> {
            csv::Reader::from_reader(text.as_bytes())
                .records()
                .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
                .collect()
        };
        (read(&s.leads_csv), read(&s.activities_csv))
    }

    /// The seed-example model of SPEC section 3, written out by hand as an
    /// independent check on the generator (not on the engine).
    /// (score, MQL) per lead.
    fn seed_scores(s: &Sample, leads: &[Vec<String>], acts: &[Vec<String>]) -> Vec<(i32, bool)> {
        let as_of = s.as_of;
        let index: std::collections::HashMap<&str, usize> =
            leads.iter().enumerate().map(|(i, l)| (l[0].as_str(), i)).collect();
        let mut by_lead: Vec<Vec<(Time, &str, String)>> = vec![Vec::new(); leads.len()];
        for a in acts {
            let t = parse_time(&a[1]).unwrap();
            if t <= as_of {
                by_lead[index[a[0].as_str()]].push((t, a[2].as_str(), crate::lowercase::lowercase(&a[3])));
            }
        }
        leads
            .iter()
            .zip(&mut by_lead)
            .map(|(l, ev)| {
                let tokens: Vec<String> = crate::lowercase::lowercase(&l[5])
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect();
                let icp = tokens.iter().any(|t| {
                    ["vp", "svp", "evp", "chief", "ceo", "cfo", "coo", "cto", "cmo", "cio", "cro", "ciso"]
                        .contains(&t.as_str())
                }) || tokens.windows(2).any(|w| w[0] == "vice" && w[1] == "president");
                let mut fit = if icp { 15 } else { 0 };
                if let Ok(n) = l[7].trim().parse::<f64>() {
                    if (200.0..=5000.0).contains(&n) {
                        fit += 10;
                    }
                    if n < 50.0 {
                        fit -= 30;
                    }
                }
                if is_target_industry(&l[8]) {
                    fit += 10;
                }
                ev.sort();
                let has = |kind: &str, part: &str| ev.iter().any(|e| e.1 == kind && e.2.contains(part));
                let mut pos = 0;
                let mut neg = 0;
                if has("page_view", "/pricing") {
                    pos += 20;
                }
                pos +=
                    15 * ev.iter().filter(|e| e.1 == "content_download" && e.2.contains("case-study")).count() as i32;
                if has("demo_request", "") {
                    pos += 50;
                }
                if ev.iter().filter(|e| e.1 == "email_open" && e.0 > as_of - 30 * DAY).count() >= 3 {
                    pos += 10;
                }
                let visits: Vec<Time> = ev.iter().filter(|e| e.1 == "visit").map(|e| e.0).collect();
                if visits.windows(3).any(|w| w[2] < w[0] + 7 * DAY) {
                    pos += 15;
                }
                if has("unsubscribe", "") {
                    neg -= 20;
                }
                if has("page_view", "/careers") {
                    neg -= 10;
                }
                let last = ev.iter().filter(|e| e.1 != "unsubscribe").map(|e| e.0).max();
                let days = last.map(|t| crate::time::whole_days(t, as_of)).unwrap_or(i64::MAX);
                let decayed = match days {
                    d if d <= 30 => pos,
                    d if d <= 60 => pos * 3 / 4,
                    d if d <= 90 => pos / 2,
                    _ => 0,
                };
                let instant = ev.iter().any(|e| e.1 == "demo_request" && crate::time::whole_days(e.0, as_of) <= 90);
                let score = fit + decayed + neg;
                (score, instant || score >= 50)
            })
            .collect()
    }
}
