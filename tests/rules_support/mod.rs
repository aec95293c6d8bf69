//! A small builder of campaigns for the rules tests: a clean campaign that passes every rule,
//! to which each test adds exactly the defect it is about.
#![allow(dead_code)]

use pingshen::model::*;
use pingshen::rules::credit_code::{check_char, organisation_check_char};

pub fn date(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

/// A valid credit code (no organisation-code warning) made from a serial number.
pub fn code(n: u32) -> String {
    let org8 = format!("{:08}", n);
    let org = format!("{org8}{}", organisation_check_char(&org8).unwrap());
    let first17 = format!("91110108{org}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

pub struct B {
    pub settings: Settings,
    pub recommenders: Vec<Recommender>,
    pub units: Vec<Unit>,
    pub experts: Vec<Expert>,
    pub applications: Vec<Application>,
    serial: u32,
}

impl Default for B {
    fn default() -> Self {
        B::new()
    }
}

impl B {
    /// Regional recommender `BJ` (北京), regional `SH` (上海), ministry `MIIT`; review date
    /// 2024-04-15; deadlines 2024-02-29 (regional) and 2024-03-15 (ministry).
    pub fn new() -> B {
        let settings = Settings {
            format_version: FORMAT_VERSION,
            id: "test-2023".into(),
            name: "测试评审".into(),
            name_en: "Test campaign".into(),
            notice: String::new(),
            review_date: date("2024-04-15"),
            demo_expert: None,
            regions: vec!["北京".into(), "上海".into(), "天津".into()],
            limits: Limits::default(),
            deadlines: Deadlines {
                regional: date("2024-02-29"),
                ministry: date("2024-03-15"),
            },
            merge: MergeSettings::default(),
            panels: vec![],
        };
        let rec = |id: &str, name: &str, channel, kind, j: &[&str]| Recommender {
            id: id.into(),
            name: name.into(),
            channel,
            kind,
            jurisdiction: j.iter().map(|s| s.to_string()).collect(),
            deadline: None,
        };
        B {
            settings,
            recommenders: vec![
                rec(
                    "BJ",
                    "北京市通信管理局",
                    Channel::Regional,
                    RecommenderKind::Province,
                    &["北京"],
                ),
                rec(
                    "SH",
                    "上海市通信管理局",
                    Channel::Regional,
                    RecommenderKind::Province,
                    &["上海"],
                ),
                rec(
                    "MIIT",
                    "工业和信息化部",
                    Channel::Ministry,
                    RecommenderKind::Ministry,
                    &[],
                ),
            ],
            units: vec![],
            experts: vec![],
            applications: vec![],
            serial: 1000,
        }
    }

    /// An enterprise with a fresh valid credit code.
    pub fn unit(self, id: &str, name: &str) -> B {
        self.unit_kind(id, name, UnitKind::Enterprise)
    }

    pub fn unit_kind(mut self, id: &str, name: &str, kind: UnitKind) -> B {
        self.serial += 1;
        self.units.push(Unit {
            id: id.into(),
            name: name.into(),
            credit_code: code(self.serial),
            kind,
            province: "北京".into(),
            parent: None,
            leading: false,
            zone_level: None,
            managed_by: None,
        });
        self
    }

    pub fn edit_unit(mut self, id: &str, f: impl FnOnce(&mut Unit)) -> B {
        f(self.units.iter_mut().find(|u| u.id == id).expect("unit"));
        self
    }

    /// An application in direction 1 from `recommender`, in its first region, operating,
    /// ranked after the recommender's earlier ones, recommended on 2024-02-01.
    pub fn app(
        mut self,
        id: &str,
        name: &str,
        recommender: &str,
        lead: &str,
        joints: &[&str],
    ) -> B {
        let priority = self
            .applications
            .iter()
            .filter(|a| a.recommender == recommender)
            .count() as u32
            + 1;
        let location = self
            .recommenders
            .iter()
            .find(|r| r.id == recommender)
            .and_then(|r| r.jurisdiction.first().cloned())
            .unwrap_or_else(|| "北京".into());
        let mut members = vec![Member {
            unit: lead.into(),
            role: MemberRole::Lead,
        }];
        members.extend(joints.iter().map(|j| Member {
            unit: j.to_string(),
            role: MemberRole::Joint,
        }));
        self.applications.push(Application {
            id: id.into(),
            name: name.into(),
            directions: vec![1],
            recommender: recommender.into(),
            priority,
            recommended_on: date("2024-02-01"),
            location,
            industry: "telecom".into(),
            build_status: BuildStatus::Operating,
            prior_national_pilot: false,
            national_special_funds: false,
            members,
            sections: Sections::default(),
            documents: vec![],
        });
        self
    }

    pub fn edit_app(mut self, id: &str, f: impl FnOnce(&mut Application)) -> B {
        f(self
            .applications
            .iter_mut()
            .find(|a| a.id == id)
            .expect("application"));
        self
    }

    pub fn expert(mut self, id: &str, unit: &str) -> B {
        self.experts.push(Expert {
            id: id.into(),
            name: format!("专家{id}"),
            title: String::new(),
            unit: unit.into(),
            past_units: vec![],
            relations: vec![],
            departments: vec![],
            fields: vec![1],
        });
        self
    }

    pub fn edit_expert(mut self, id: &str, f: impl FnOnce(&mut Expert)) -> B {
        f(self
            .experts
            .iter_mut()
            .find(|e| e.id == id)
            .expect("expert"));
        self
    }

    pub fn limits(mut self, f: impl FnOnce(&mut Limits)) -> B {
        f(&mut self.settings.limits);
        self
    }

    pub fn build(self) -> Campaign {
        Campaign::new(
            self.settings,
            vec![],
            self.recommenders,
            self.units,
            self.experts,
            self.applications,
        )
    }
}

/// A campaign that passes every rule: three applications from BJ, SH and MIIT with distinct
/// members, and an expert from an unrelated university.
pub fn clean() -> B {
    B::new()
        .unit("U01", "北京安盾网络科技有限公司")
        .unit("U02", "北京云启数据技术有限公司")
        .unit("U03", "上海申通信息安全股份有限公司")
        .unit("U04", "上海浦江密码技术有限公司")
        .unit("U05", "中国信息通信研究院")
        .unit("U06", "天津海河智能科技有限公司")
        .unit_kind("UNI", "南方理工大学", UnitKind::University)
        .edit_unit("U05", |u| u.managed_by = Some("MIIT".into()))
        .app(
            "A01",
            "面向金融行业的数据安全治理平台",
            "BJ",
            "U01",
            &["U02"],
        )
        .app("A02", "工业互联网密码应用与检测系统", "SH", "U03", &["U04"])
        .app(
            "A03",
            "车联网身份认证与安全监测服务",
            "MIIT",
            "U05",
            &["U06"],
        )
        .expert("X01", "UNI")
}

pub fn decision(ruling: Ruling, role: Role, day: &str, reason: &str) -> Decision {
    Decision {
        campaign: "test-2023".into(),
        ruling,
        reason: reason.into(),
        role,
        by: "key".into(),
        date: date(day),
        supersedes: None,
    }
}

/// A confirmation (`confirm`) or dismissal of a suspicion: E6 names the `other`
/// application, C5 the `expert`.
pub fn suspicion(
    confirm: bool,
    rule: &str,
    application: &str,
    other: Option<&str>,
    expert: Option<&str>,
) -> Ruling {
    let (rule, application) = (rule.to_string(), application.to_string());
    let (other, expert) = (other.map(String::from), expert.map(String::from));
    if confirm {
        Ruling::Confirm {
            rule,
            application,
            other,
            expert,
        }
    } else {
        Ruling::Dismiss {
            rule,
            application,
            other,
            expert,
        }
    }
}

pub fn rules_of(fs: &[pingshen::rules::Finding]) -> Vec<String> {
    fs.iter().map(|f| f.rule.clone()).collect()
}
