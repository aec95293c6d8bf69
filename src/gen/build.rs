//! The campaign under construction: recommenders taken from a shuffled pool, units with
//! unique credit codes and names kept apart, and clean applications that break no rule.
//! Planted cases start from clean applications and change one thing (see `plant.rs`).

use super::credit_code::{make_code, org_char};
use super::rng::Rng;
use super::settings::{add_days, date, MINISTRY_DEADLINE, REGIONAL_DEADLINE};
use super::texts;
use super::vocab::*;
use crate::model::{
    Application, BuildStatus, Channel, Member, MemberRole, Recommender, RecommenderKind, Unit,
    UnitKind, ZoneLevel, EDUCATION_CONSORTIUM, INDUSTRIES, INNOVATION_PLATFORM,
};
use crate::rules::normalize::{branch_tail, organisation, project, ProjectNameRules};
use crate::rules::similarity::NameIndex;
use std::collections::HashSet;

/// Names are kept below this similarity (percent) to every earlier name: E6 suspects two
/// lead units at 80, C5 two organisations at 85.
const NAME_GUARD: u32 = 80;

/// A project name as E6 compares it, with the rules' default framing words and tails.
fn project_key(name: &str) -> String {
    static RULES: std::sync::OnceLock<ProjectNameRules> = std::sync::OnceLock::new();
    project(name, RULES.get_or_init(ProjectNameRules::default))
}

/// Industry each of the first departments serves (index into `DEPARTMENTS`).
const DEPT_INDUSTRY: [&str; 13] = [
    "telecom",
    "telecom",
    "telecom",
    "hrss",
    "water",
    "health",
    "emergency",
    "broadcast",
    "telecom",
    "postal",
    "finance",
    "finance",
    "finance",
];

/// A regional recommender not yet taken into the campaign.
struct Candidate {
    name: String,
    kind: RecommenderKind,
    jurisdiction: Vec<String>,
    /// Department index, or `None` for a regional body.
    dept: Option<usize>,
    used: bool,
}

/// What a new application is to be: the recommender, direction and region are required;
/// a fixed number of joint members or a given lead unit are for planted cases.
#[derive(Clone, Copy)]
pub struct AppSpec {
    pub rec: usize,
    pub direction: u8,
    pub region: usize,
    pub joints: Option<usize>,
    pub lead: Option<usize>,
}

pub struct Builder {
    pub rng: Rng,
    pub units: Vec<Unit>,
    /// Applications each unit is a member of.
    pub uses: Vec<u32>,
    pub recommenders: Vec<Recommender>,
    /// Each recommender's applications, by index into `apps`.
    pub rec_apps: Vec<Vec<usize>>,
    /// Each recommender's department index (regional departments only).
    pub rec_dept: Vec<Option<usize>>,
    pub apps: Vec<Application>,
    app_ids: Vec<String>,
    unit_width: usize,
    org_names: NameIndex,
    project_names: NameIndex,
    org_codes: HashSet<String>,
    cores: HashSet<String>,
    pool: Vec<Candidate>,
    /// Regular members in one application so far, which another may take in (E2 allows 2).
    reusable: Vec<usize>,
    /// Index of the first ministry recommender and how many there are.
    pub ministries: std::ops::Range<usize>,
    /// While planting, new members stay out of the reuse pool, so planted units are in
    /// exactly the applications the plan says.
    pub planting: bool,
}

pub fn region_index(short: &str) -> usize {
    REGIONS.iter().position(|r| r.short == short).unwrap_or(0)
}

impl Builder {
    pub fn new(seed: u64, apps: usize) -> Builder {
        let mut rng = Rng::derived(seed, "campaign");
        let width = apps.to_string().len().max(5);
        let mut app_ids: Vec<String> = (1..=apps).map(|i| format!("A{i:0width$}")).collect();
        // Planted cases are made first; shuffled ids scatter them through the campaign.
        rng.shuffle(&mut app_ids);
        let mut b = Builder {
            rng,
            units: vec![],
            uses: vec![],
            recommenders: vec![],
            rec_apps: vec![],
            rec_dept: vec![],
            apps: vec![],
            app_ids,
            unit_width: (apps * 4 + 1000).to_string().len().max(6),
            org_names: NameIndex::new(),
            project_names: NameIndex::new(),
            org_codes: HashSet::new(),
            cores: HashSet::new(),
            pool: vec![],
            reusable: vec![],
            ministries: 0..0,
            planting: false,
        };
        for (name, _, _) in MINISTRIES {
            b.push_recommender(name.to_string(), RecommenderKind::Ministry, vec![]);
        }
        b.ministries = 0..MINISTRIES.len();
        b.fill_pool();
        b
    }

    /// The notice's addressees in every region and the regional bodies, shuffled; then the
    /// other provincial departments, shuffled, for campaigns too large for the first list.
    fn fill_pool(&mut self) {
        let mut first = vec![];
        let mut rest = vec![];
        for region in &REGIONS {
            for dept in 0..DEPARTMENTS.len() {
                let kind = match region.short {
                    "大连" | "青岛" | "宁波" | "厦门" | "深圳" => {
                        RecommenderKind::SeparatelyListedCity
                    }
                    "新疆生产建设兵团" => RecommenderKind::Corps,
                    _ => RecommenderKind::Province,
                };
                let c = Candidate {
                    name: department_name(dept, region),
                    kind,
                    jurisdiction: vec![region.short.to_string()],
                    dept: Some(dept),
                    used: false,
                };
                if dept < ADDRESSEES {
                    first.push(c);
                } else {
                    rest.push(c);
                }
            }
        }
        for (name, regions) in REGIONAL_BODIES {
            first.push(Candidate {
                name: name.to_string(),
                kind: RecommenderKind::RegionalBody,
                jurisdiction: regions.iter().map(|s| s.to_string()).collect(),
                dept: None,
                used: false,
            });
        }
        self.rng.shuffle(&mut first);
        self.rng.shuffle(&mut rest);
        first.extend(rest);
        self.pool = first;
    }

    /// Regional recommenders still available.
    pub fn pool_left(&self) -> usize {
        self.pool.iter().filter(|c| !c.used).count()
    }

    fn push_recommender(
        &mut self,
        name: String,
        kind: RecommenderKind,
        jurisdiction: Vec<String>,
    ) -> usize {
        let channel = if kind == RecommenderKind::Ministry {
            Channel::Ministry
        } else {
            Channel::Regional
        };
        self.recommenders.push(Recommender {
            id: format!("R{:04}", self.recommenders.len() + 1),
            name,
            channel,
            kind,
            jurisdiction,
            deadline: None,
        });
        self.rec_apps.push(vec![]);
        self.rec_dept.push(None);
        self.recommenders.len() - 1
    }

    /// Takes the next regional recommender from the pool that `accept` accepts (given its
    /// department index and jurisdiction).
    pub fn take_regional(
        &mut self,
        accept: impl Fn(Option<usize>, &[String]) -> bool,
    ) -> Option<usize> {
        let i = self
            .pool
            .iter()
            .position(|c| !c.used && accept(c.dept, &c.jurisdiction))?;
        self.pool[i].used = true;
        let (name, kind, jur) = (
            self.pool[i].name.clone(),
            self.pool[i].kind,
            self.pool[i].jurisdiction.clone(),
        );
        let rec = self.push_recommender(name, kind, jur);
        self.rec_dept[rec] = self.pool[i].dept;
        Some(rec)
    }

    // ---- units ----

    /// A unique organisation code base: new-style (MA…) for companies, digits otherwise.
    fn new_code(&mut self, head2: &str, division: &str) -> String {
        loop {
            let base: String = if head2 == "91" {
                let tail: String = (0..6).map(|_| org_char(self.rng.below(31))).collect();
                format!("MA{tail}")
            } else {
                (0..8).map(|_| org_char(self.rng.below(10))).collect()
            };
            if self.org_codes.insert(base.clone()) {
                return make_code(&format!("{head2}{division}"), &base).unwrap_or_default();
            }
        }
    }

    /// Adds a unit; `guarded` names take part in keeping names apart (members and experts'
    /// units; not parent groups, which no rule compares).
    #[allow(clippy::too_many_arguments)]
    pub fn add_unit(
        &mut self,
        name: String,
        kind: UnitKind,
        region: usize,
        division: &str,
        head2: &str,
        guarded: bool,
    ) -> usize {
        let credit_code = self.new_code(head2, division);
        if guarded {
            self.org_names.insert(&organisation(&name));
        }
        let w = self.unit_width;
        self.units.push(Unit {
            id: format!("U{:0w$}", self.units.len() + 1),
            name,
            credit_code,
            kind,
            province: REGIONS[region].short.to_string(),
            parent: None,
            leading: false,
            zone_level: None,
            managed_by: None,
        });
        self.uses.push(0);
        self.units.len() - 1
    }

    /// Whether `name` keeps its distance from every guarded name so far.
    pub fn name_is_free(&self, name: &str) -> bool {
        branch_tail(name).is_none() && !self.name_is_near(name)
    }

    /// Whether `name` comes as close as E6 or C5 look to a guarded name.
    pub fn name_is_near(&self, name: &str) -> bool {
        !self
            .org_names
            .similar(&organisation(name), NAME_GUARD)
            .is_empty()
    }

    /// A place inside the region for a unit's name, with its division code.
    pub fn place(&mut self, region: usize) -> (&'static str, &'static str) {
        let r = &REGIONS[region];
        let (city, code) = *self.rng.pick(r.places);
        if r.short == "新疆生产建设兵团" || (!r.city_level && self.rng.chance(50)) {
            (city, code)
        } else {
            (r.short, r.places[0].1)
        }
    }

    /// A brand and business no other enterprise has, as (brand, business).
    pub fn brand(&mut self) -> (String, &'static str) {
        for attempt in 0.. {
            let a = *self.rng.pick(&BRAND_A);
            let b = *self.rng.pick(&BRAND_B);
            if a == b {
                continue;
            }
            let mut brand = format!("{a}{b}");
            if attempt > 40 {
                brand.push(*self.rng.pick(&BRAND_B));
            }
            let business = *self.rng.pick(&BUSINESS);
            if self.cores.insert(format!("{brand}{business}")) {
                return (brand, business);
            }
        }
        unreachable!("the loop above only ends by returning")
    }

    pub fn enterprise(&mut self, region: usize) -> usize {
        loop {
            let (place, code) = self.place(region);
            let (brand, business) = self.brand();
            let legal = LEGAL_FORMS[[0, 0, 0, 0, 0, 0, 1, 1, 2][self.rng.below(9)]];
            let name = match self.rng.below(10) {
                0..=6 => format!("{place}{brand}{business}{legal}"),
                7 | 8 => format!("{brand}{business}（{place}）{legal}"),
                _ => format!("{brand}{business}{legal}"),
            };
            if self.name_is_free(&name) {
                return self.add_unit(name, UnitKind::Enterprise, region, code, "91", true);
            }
        }
    }

    /// Tries `make` a few times for a free name; `None` when the vocabulary is crowded.
    pub fn free_name(&mut self, make: impl Fn(&mut Rng) -> String) -> Option<String> {
        for _ in 0..24 {
            let name = make(&mut self.rng);
            if self.name_is_free(&name) {
                return Some(name);
            }
        }
        None
    }

    /// A college or university applying as a member; an institute when names run out.
    pub fn college(&mut self, region: usize) -> usize {
        let (place, code) = self.place(region);
        let made = self.free_name(|rng| {
            format!(
                "{place}{}{}",
                rng.pick(&COLLEGE_FIELDS),
                rng.pick(&COLLEGE_KINDS)
            )
        });
        match made {
            Some(name) => self.add_unit(name, UnitKind::University, region, code, "12", true),
            None => self.institute(region),
        }
    }

    pub fn institute(&mut self, region: usize) -> usize {
        loop {
            let (place, code) = self.place(region);
            let (brand, _) = self.brand();
            let field = *self.rng.pick(&FIELDS);
            let name = format!("{place}{brand}{field}研究院");
            if self.name_is_free(&name) {
                return self.add_unit(name, UnitKind::Institute, region, code, "12", true);
            }
        }
    }

    pub fn platform(&mut self, region: usize) -> usize {
        const TAILS: [&str; 4] = ["公共服务平台", "产业促进中心", "创新服务中心", "测评中心"];
        let (place, code) = self.place(region);
        let made =
            self.free_name(|rng| format!("{place}{}{}", rng.pick(&FIELDS), rng.pick(&TAILS)));
        let name = match made {
            Some(n) => n,
            None => loop {
                let (brand, _) = self.brand();
                let n = format!(
                    "{place}{brand}{}{}",
                    self.rng.pick(&FIELDS),
                    self.rng.pick(&TAILS)
                );
                if self.name_is_free(&n) {
                    break n;
                }
            },
        };
        self.add_unit(
            name,
            UnitKind::PublicServicePlatform,
            region,
            code,
            "12",
            true,
        )
    }

    /// The operator of an innovation or pilot zone at `level`.
    pub fn zone_operator(&mut self, region: usize, level: ZoneLevel) -> usize {
        let r = &REGIONS[region];
        let made = self.free_name(|rng| {
            let (city, _) = *rng.pick(r.places);
            format!(
                "{city}{}{}",
                rng.pick(&ZONE_TYPES),
                rng.pick(&ZONE_OPERATORS)
            )
        });
        let name = match made {
            Some(n) => n,
            None => loop {
                let (city, _) = *self.rng.pick(r.places);
                let (brand, _) = self.brand();
                let n = format!(
                    "{city}{brand}{}{}",
                    self.rng.pick(&ZONE_TYPES),
                    self.rng.pick(&ZONE_OPERATORS)
                );
                if self.name_is_free(&n) {
                    break n;
                }
            },
        };
        let head = if name.ends_with("管委会") {
            "11"
        } else {
            "91"
        };
        let code = r.places[0].1;
        let u = self.add_unit(name, UnitKind::ZoneOperator, region, code, head, true);
        self.units[u].zone_level = Some(level);
        u
    }

    /// A unit the ministry `rec` manages directly.
    pub fn ministry_unit(&mut self, rec: usize) -> usize {
        const TAILS: [&str; 4] = ["研究中心", "技术中心", "信息中心", "发展研究院"];
        let short = MINISTRIES[rec - self.ministries.start].1;
        let region = region_index("北京");
        let made =
            self.free_name(|rng| format!("{short}{}{}", rng.pick(&FIELDS), rng.pick(&TAILS)));
        let u = match made {
            Some(name) => self.add_unit(name, UnitKind::Institute, region, "110102", "12", true),
            None => loop {
                let (brand, business) = self.brand();
                let name = format!("中国{brand}{business}集团有限公司");
                if self.name_is_free(&name) {
                    break self.add_unit(name, UnitKind::Enterprise, region, "110102", "91", true);
                }
            },
        };
        self.units[u].managed_by = Some(self.recommenders[rec].id.clone());
        u
    }

    /// A parent group for `unit` (not a member itself, so its name is not guarded).
    pub fn parent_group(&mut self, unit: usize) -> usize {
        let region = region_index(&self.units[unit].province);
        let (brand, business) = self.brand();
        let name = format!("{brand}{business}集团有限公司");
        let p = self.add_unit(name, UnitKind::Enterprise, region, "110105", "91", false);
        self.units[unit].parent = Some(self.units[p].id.clone());
        p
    }

    // ---- applications ----

    fn member_of_kind(&mut self, kind: UnitKind, region: usize) -> usize {
        match kind {
            UnitKind::University => self.college(region),
            UnitKind::Institute => self.institute(region),
            UnitKind::PublicServicePlatform => self.platform(region),
            _ => self.enterprise(region),
        }
    }

    /// A joint member: now and then one already in another application (E2 allows two).
    fn joint(&mut self, region: usize, taken: &[Member]) -> usize {
        if !self.planting && self.rng.chance(5) && !self.reusable.is_empty() {
            let i = self.rng.below(self.reusable.len());
            let u = self.reusable.swap_remove(i);
            if self.uses[u] == 1 && !taken.iter().any(|m| m.unit == self.units[u].id) {
                return u;
            }
        }
        let kind = match self.rng.below(20) {
            0 | 1 => UnitKind::University,
            2 | 3 => UnitKind::Institute,
            4 => UnitKind::PublicServicePlatform,
            _ => UnitKind::Enterprise,
        };
        self.member_of_kind(kind, region)
    }

    /// A clean consortium for `direction` through `rec`, located in `region`.
    fn consortium(&mut self, spec: AppSpec) -> Vec<Member> {
        let AppSpec {
            rec,
            direction,
            region,
            joints,
            lead,
        } = spec;
        let ministry = self.recommenders[rec].channel == Channel::Ministry;
        let lead = if let Some(lead) = lead {
            lead
        } else if ministry {
            self.ministry_unit(rec)
        } else if direction == INNOVATION_PLATFORM {
            let level = [
                ZoneLevel::Prefecture,
                ZoneLevel::Provincial,
                ZoneLevel::National,
            ][[0, 0, 0, 1, 1, 2][self.rng.below(6)]];
            self.zone_operator(region, level)
        } else if direction == EDUCATION_CONSORTIUM {
            if self.rng.chance(60) {
                let u = self.enterprise(region);
                self.units[u].leading = true;
                u
            } else {
                self.college(region)
            }
        } else {
            let kind = match self.rng.below(20) {
                0 | 1 => UnitKind::Institute,
                2 => UnitKind::PublicServicePlatform,
                3 => UnitKind::University,
                _ => UnitKind::Enterprise,
            };
            let u = self.member_of_kind(kind, region);
            if kind == UnitKind::Enterprise && self.rng.chance(3) {
                self.parent_group(u);
            }
            u
        };
        let mut members = vec![Member {
            unit: self.units[lead].id.clone(),
            role: MemberRole::Lead,
        }];
        let drawn = match self.rng.below(20) {
            0..=4 => 0,
            5..=13 => 1,
            _ => 2,
        };
        let joints = match joints {
            Some(j) => j,
            None if direction == EDUCATION_CONSORTIUM => drawn.max(1),
            None => drawn,
        };
        for j in 0..joints {
            let u = if direction == EDUCATION_CONSORTIUM && j == 0 {
                // A second kind of member: a college if an enterprise leads, else a company.
                if self.units[lead].kind == UnitKind::Enterprise {
                    self.college(region)
                } else {
                    let u = self.enterprise(region);
                    self.units[u].leading = true;
                    u
                }
            } else {
                self.joint(region, &members)
            };
            members.push(Member {
                unit: self.units[u].id.clone(),
                role: MemberRole::Joint,
            });
        }
        members
    }

    pub fn unit_index(&self, id: &str) -> usize {
        // Ids are `U` + a 1-based counter, so the index is the number minus one.
        id[1..].parse::<usize>().map_or(0, |n| n - 1)
    }

    /// A project name that keeps its distance from every earlier one.
    fn project_name(&mut self, place: &str, industry: &str, direction: u8) -> String {
        let mut name = String::new();
        for _ in 0..64 {
            name = texts::project_name(&mut self.rng, place, industry, direction);
            if self
                .project_names
                .similar(&project_key(&name), NAME_GUARD)
                .is_empty()
            {
                break;
            }
        }
        self.project_names.insert(&project_key(&name));
        name
    }

    /// Records a project name someone else built (a planted near duplicate).
    pub fn note_project_name(&mut self, name: &str) {
        self.project_names.insert(&project_key(name));
    }

    fn industry_for(&mut self, rec: usize, direction: u8) -> &'static str {
        // Connected vehicles are a transport matter whoever recommends them.
        if direction == 7 && self.rng.chance(80) {
            return "transport";
        }
        let own = if self.ministries.contains(&rec) {
            Some(MINISTRIES[rec - self.ministries.start].2)
        } else {
            match self.rec_dept[rec] {
                Some(d) if d < DEPT_INDUSTRY.len() => Some(DEPT_INDUSTRY[d]),
                None => Some("transport"),
                _ => None,
            }
        };
        match own {
            Some(i) if self.rng.chance(70) => i,
            _ => self.rng.pick(&INDUSTRIES).0,
        }
    }

    /// A clean application through `rec` in `direction`, located in `region` (for a
    /// ministry, the lead's own region is used instead), with `joints` joint members or a
    /// drawn number.
    pub fn application(&mut self, spec: AppSpec) -> usize {
        let AppSpec {
            rec,
            direction,
            region,
            ..
        } = spec;
        let members = self.consortium(spec);
        let lead = self.unit_index(&members[0].unit);
        let ministry = self.recommenders[rec].channel == Channel::Ministry;
        let region = if ministry {
            region_index(&self.units[lead].province)
        } else {
            region
        };
        for m in &members {
            let u = self.unit_index(&m.unit);
            self.uses[u] += 1;
            let kind = self.units[u].kind;
            if self.uses[u] == 1
                && !self.planting
                && self.units[u].managed_by.is_none()
                && matches!(
                    kind,
                    UnitKind::Enterprise | UnitKind::Institute | UnitKind::University
                )
            {
                self.reusable.push(u);
            }
        }
        let industry = self.industry_for(rec, direction);
        let (place, _) = self.place(region);
        let name = self.project_name(place, industry, direction);
        let scene = *self.rng.pick(texts::scenes(industry));
        let tech = *self.rng.pick(texts::techs(direction));
        let industry_zh = INDUSTRIES
            .iter()
            .find(|i| i.0 == industry)
            .map_or("", |i| i.1);
        let lead_name = self.units[lead].name.clone();
        let sections = texts::sections(
            &mut self.rng,
            &texts::SectionWords {
                lead: &lead_name,
                scene,
                tech,
                industry: industry_zh,
            },
        );
        let (deadline, window) = if ministry {
            (MINISTRY_DEADLINE, 43)
        } else {
            (REGIONAL_DEADLINE, 45)
        };
        let due = date(deadline.0, deadline.1, deadline.2);
        let recommended_on = add_days(due, -(self.rng.below(window) as i64));
        let id = self
            .app_ids
            .get(self.apps.len())
            .cloned()
            .unwrap_or_default();
        self.apps.push(Application {
            id,
            name,
            directions: vec![direction],
            recommender: self.recommenders[rec].id.clone(),
            priority: 0,
            recommended_on,
            location: REGIONS[region].short.to_string(),
            industry: industry.to_string(),
            build_status: BuildStatus::Operating,
            prior_national_pilot: false,
            national_special_funds: false,
            members,
            sections,
            documents: vec![],
        });
        self.rec_apps[rec].push(self.apps.len() - 1);
        self.apps.len() - 1
    }

    /// Ranks every recommender's applications 1..n in a shuffled order.
    pub fn rank_all(&mut self) {
        for rec in 0..self.rec_apps.len() {
            let mut order = self.rec_apps[rec].clone();
            self.rng.shuffle(&mut order);
            for (p, &a) in order.iter().enumerate() {
                self.apps[a].priority = p as u32 + 1;
            }
        }
    }

    /// Adds `unit` as a joint member of application `app`, keeping the count of uses.
    pub fn add_joint(&mut self, app: usize, unit: usize) {
        self.uses[unit] += 1;
        let id = self.units[unit].id.clone();
        self.apps[app].members.push(Member {
            unit: id,
            role: MemberRole::Joint,
        });
    }

    /// The same project sent again through `rec` (E6): same lead, no joint members, the
    /// name with 项目 added (which E6's normalisation strips again).
    pub fn duplicate(&mut self, app: usize, rec: usize) -> usize {
        let mut copy = self.apps[app].clone();
        copy.id = self
            .app_ids
            .get(self.apps.len())
            .cloned()
            .unwrap_or_default();
        copy.recommender = self.recommenders[rec].id.clone();
        copy.name.push_str("项目");
        copy.members.truncate(1);
        copy.recommended_on = add_days(copy.recommended_on, -(self.rng.below(10) as i64));
        let lead = self.lead_of(app);
        self.uses[lead] += 1;
        self.note_project_name(&copy.name);
        self.apps.push(copy);
        self.rec_apps[rec].push(self.apps.len() - 1);
        self.apps.len() - 1
    }

    pub fn lead_of(&self, app: usize) -> usize {
        self.unit_index(&self.apps[app].members[0].unit)
    }

    pub fn region_of_app(&self, app: usize) -> usize {
        region_index(&self.apps[app].location)
    }
}
