//! Small campaigns built in code for the interface's tests, written to a directory with
//! `format::write_campaign` and loaded into a store as `init` does.
#![allow(dead_code)]

use pingshen::format::{load_campaign, write_campaign, Layout};
use pingshen::i18n::Lang;
use pingshen::model::*;
use pingshen::review::Review;
use pingshen::store::Store;
use pingshen::tui::harness::Harness;
use pingshen::tui::theme::Theme;
use pingshen::tui::View;
use std::path::Path;

pub const EXPERT: &str = "E01";

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).expect("valid date")
}

fn criterion(id: &str, zh: &str, en: &str, max: i64) -> Criterion {
    let m = Points::whole(max);
    Criterion {
        id: id.into(),
        zh: zh.into(),
        en: en.into(),
        max: m,
        step: Points(50),
        anchors: vec![
            Anchor {
                min: Points::whole(max * 4 / 5),
                max: m,
                zh: "突出：国内领先，“高精尖”特征明显…".into(),
                en: "outstanding: leading in China".into(),
            },
            Anchor {
                min: Points::whole(max / 2),
                max: Points(Points::whole(max * 4 / 5).0 - 50),
                zh: "较好：有一定创新".into(),
                en: "good: some innovation".into(),
            },
            Anchor {
                min: Points(0),
                max: Points(Points::whole(max / 2).0 - 50),
                zh: "一般".into(),
                en: "fair".into(),
            },
        ],
    }
}

fn unit(id: &str, name: &str, code: &str, kind: UnitKind, province: &str) -> Unit {
    Unit {
        id: id.into(),
        name: name.into(),
        credit_code: code.into(),
        kind,
        province: province.into(),
        parent: None,
        leading: false,
        zone_level: None,
        managed_by: None,
    }
}

const NAMES: [&str; 6] = [
    "基于零信任架构的电信运营商云网安全防护体系建设与规模化应用",
    "金融行业大模型安全评测平台",
    "面向工业互联网的数据安全治理与共享流通试点",
    "城市级车联网安全监测与应急响应平台",
    "医疗健康数据分类分级保护示范工程",
    "粤港澳大湾区网络安全“高精尖”创新平台",
];
const DIRS: [u8; 6] = [1, 3, 4, 2, 4, 13];

fn application(i: usize, n: usize) -> Application {
    let k = i % NAMES.len();
    let name = if n <= NAMES.len() {
        NAMES[k].to_string()
    } else {
        format!("{}（{}）", NAMES[k], i + 1)
    };
    let joint = if i % 2 == 0 {
        vec![Member {
            unit: "U02".into(),
            role: MemberRole::Joint,
        }]
    } else {
        vec![]
    };
    let mut members = vec![Member {
        unit: if i % 3 == 0 { "U01" } else { "U03" }.into(),
        role: MemberRole::Lead,
    }];
    members.extend(joint);
    Application {
        id: format!("A{:05}", i + 1),
        name,
        directions: vec![DIRS[k]],
        recommender: "R-BJ".into(),
        priority: (i % 5) as u32 + 1,
        recommended_on: date(2023, 9, 15),
        location: "北京".into(),
        industry: "telecom".into(),
        build_status: BuildStatus::Operating,
        prior_national_pilot: false,
        national_special_funds: false,
        members,
        sections: Sections {
            overview: "项目面向公共通信和信息服务行业，构建覆盖云、网、端的一体化安全防护体系，已在三个省级节点投入运行，服务用户超过2000万。".into(),
            technical: "采用零信任（Zero Trust）架构，以身份为中心实施动态访问控制；基于SM2/SM3/SM4国密算法实现端到端加密与完整性保护…关键指标：检测时延≤50ms，误报率低于0.1%。".into(),
            innovation: "首创“云网协同”威胁狩猎模型①，提出基于图神经网络的异常流量识别方法②。".into(),
            effect: "上线以来累计拦截攻击1.2亿次，未发生重大网络安全事件。".into(),
            promotion: "可在电信、金融、能源等行业推广；已与五家单位签订推广协议。".into(),
        },
        documents: vec![],
    }
}

/// A campaign with `n` applications in directions 1-4 and 13; expert E01 sits on both
/// panels, E02 on the first only.
pub fn campaign(n: usize) -> Campaign {
    let settings = Settings {
        format_version: FORMAT_VERSION,
        id: "pilot-2023".into(),
        name: "2023年网络安全技术应用试点示范".into(),
        name_en: "2023 Network Security Pilot Demonstration".into(),
        notice: "工信厅联网安函〔2023〕360号".into(),
        review_date: date(2023, 11, 1),
        demo_expert: Some(EXPERT.into()),
        regions: vec!["北京".into(), "上海".into()],
        limits: Limits::default(),
        deadlines: Deadlines {
            regional: date(2023, 9, 30),
            ministry: date(2023, 9, 30),
        },
        merge: MergeSettings::default(),
        panels: vec![
            Panel {
                id: "P1".into(),
                name: "新型信息基础设施安全组".into(),
                directions: vec![1, 2, 3, 4],
                experts: vec!["E01".into(), "E02".into()],
                reserves: vec![],
            },
            Panel {
                id: "P13".into(),
                name: "高精尖创新平台组".into(),
                directions: vec![13],
                experts: vec!["E01".into()],
                reserves: vec![],
            },
        ],
    };
    let rubrics = vec![
        Rubric {
            id: "general".into(),
            zh: "通用评分细则".into(),
            en: "General rubric".into(),
            directions: (1..=12).collect(),
            criteria: vec![
                criterion("innovation", "创新性", "Innovation", 30),
                criterion("advancement", "先进性", "Advancement", 25),
                criterion("practicality", "实用性", "Practicality", 25),
                criterion("promotion", "可推广性", "Promotion", 20),
            ],
        },
        Rubric {
            id: "platform".into(),
            zh: "高精尖创新平台评分细则".into(),
            en: "Innovation platform rubric".into(),
            directions: vec![13],
            criteria: vec![
                criterion("regional_advantage", "区域优势", "Regional advantage", 25),
                criterion("industrial_base", "产业基础", "Industrial base", 25),
                criterion("policy", "政策制度", "Policy", 25),
                criterion("innovation_factors", "创新要素", "Innovation factors", 25),
            ],
        },
    ];
    let recommenders = vec![Recommender {
        id: "R-BJ".into(),
        name: "北京市通信管理局".into(),
        channel: Channel::Regional,
        kind: RecommenderKind::Province,
        jurisdiction: vec!["北京".into()],
        deadline: None,
    }];
    let units = vec![
        unit(
            "U01",
            "中国电信股份有限公司云网安全技术研究院",
            "91110000710935732K",
            UnitKind::Enterprise,
            "北京",
        ),
        unit(
            "U02",
            "北京邮电大学",
            "12100000400000624D",
            UnitKind::University,
            "北京",
        ),
        unit(
            "U03",
            "奇安信科技集团股份有限公司",
            "91110105MA0013QG4N",
            UnitKind::Enterprise,
            "北京",
        ),
        unit(
            "U90",
            "中国信息通信研究院",
            "121000004000013592",
            UnitKind::Institute,
            "北京",
        ),
    ];
    let experts = vec![
        Expert {
            id: "E01".into(),
            name: "张伟".into(),
            title: "研究员".into(),
            unit: "U90".into(),
            past_units: vec![],
            relations: vec![],
            departments: vec![],
            fields: vec![1, 2],
        },
        Expert {
            id: "E02".into(),
            name: "李娜".into(),
            title: "教授".into(),
            unit: "U02".into(),
            past_units: vec![],
            relations: vec![],
            departments: vec![],
            fields: vec![4],
        },
    ];
    let applications = (0..n).map(|i| application(i, n)).collect();
    Campaign::new(
        settings,
        rubrics,
        recommenders,
        units,
        experts,
        applications,
    )
}

/// Writes `campaign` into `dir/campaign` and returns that directory.
pub fn write(dir: &Path, campaign: &Campaign) -> std::path::PathBuf {
    let cdir = dir.join("campaign");
    let layout = if campaign.applications.len() > 50 {
        Layout::Json
    } else {
        Layout::Toml
    };
    write_campaign(&cdir, campaign, layout).expect("write campaign");
    cdir
}

/// A store at `dir/store` holding `campaign`, loaded from disk as `init` does (a large
/// one goes straight in: the loader's line-finding is not what these tests measure).
pub fn store(dir: &Path, campaign: &Campaign) -> Store {
    let loaded = if campaign.applications.len() > 500 {
        campaign.clone()
    } else {
        let cdir = write(dir, campaign);
        load_campaign(&cdir)
            .unwrap_or_else(|e| panic!("campaign loads: {e}"))
            .campaign
    };
    Store::create(
        &dir.join("store"),
        &loaded,
        None,
        &[],
        None,
        "2023-11-01T09:00:00Z",
    )
    .expect("create store")
}

pub fn review(dir: &Path, n: usize, lang: Lang) -> Review {
    Review::open(store(dir, &campaign(n)), lang).expect("open review")
}

/// An expert's interface over a fresh store of `n` applications; `pledged` acknowledges
/// the commitment first.
pub fn expert(dir: &Path, n: usize, lang: Lang, pledged: bool, width: u16, height: u16) -> Harness {
    let review = review(dir, n, lang);
    if pledged {
        review.pledge(EXPERT).expect("pledge");
    }
    Harness::new(
        review,
        View::Expert(EXPERT.into()),
        lang,
        Theme::colored(),
        width,
        height,
    )
    .expect("harness")
}
