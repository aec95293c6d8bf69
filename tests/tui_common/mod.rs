//! Small campaigns built in code for the interface's tests, written to a directory with
//! `format::write_campaign` and loaded into a store as `init` does.
#![allow(dead_code)]

use pingshen::format::{load_campaign, write_campaign, Layout};
use pingshen::i18n::Lang;
use pingshen::keys::{Algorithm, KeyPair, PrivateKey};
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

fn unit(id: &str, name: &str, code: String, kind: UnitKind, province: &str) -> Unit {
    Unit {
        id: id.into(),
        name: name.into(),
        credit_code: code,
        kind,
        province: province.into(),
        parent: None,
        leading: false,
        zone_level: None,
        managed_by: None,
    }
}

/// A valid unified social credit code: registration authority and category `head`
/// (`91` an enterprise, `12` a public institution), region 110000, the organisation code
/// `serial` with its GB 11714 check character, then the code's own check character.
pub fn credit_code(head: &str, serial: u32) -> String {
    use pingshen::rules::credit_code::{check_char, organisation_check_char};
    let org8 = format!("{:08}", serial % 100_000_000);
    let org = format!(
        "{org8}{}",
        organisation_check_char(&org8).expect("8 digits")
    );
    let first17 = format!("{head}110000{org}");
    format!("{first17}{}", check_char(&first17).expect("17 characters"))
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

/// Invented lead units of the first six applications (no real company is named).
const LEADS: [(&str, UnitKind); 6] = [
    ("华拓云网通信技术有限公司", UnitKind::Enterprise),
    ("澄明智算科技股份有限公司", UnitKind::Enterprise),
    ("北辰工联数据安全技术有限公司", UnitKind::Enterprise),
    ("驰安车联信息科技有限公司", UnitKind::Enterprise),
    ("康衡医疗数据服务有限公司", UnitKind::Enterprise),
    (
        "湾区数字经济创新示范区运营管理有限公司",
        UnitKind::ZoneOperator,
    ),
];
/// Invented joint units of the first applications with an even index.
const JOINTS: [(&str, UnitKind); 3] = [
    ("京北邮电工程大学", UnitKind::University),
    ("燕山网络安全研究院", UnitKind::Institute),
    ("星港信息安全测评中心", UnitKind::PublicServicePlatform),
];
/// Two-character pieces of generated unit names. No character repeats across both lists,
/// so two generated names share at most one piece: their similarity stays well below the
/// thresholds of E6 (a lead unit of two applications) and C5 (close names).
const SYL_A: [&str; 40] = [
    "青禾", "远帆", "辰星", "翠微", "临川", "云岫", "沐阳", "鸿锦", "程朗", "月清", "源松", "涛苍",
    "梧碧", "霄丹", "枫瀚", "海金", "穗晴", "石渠", "玉衡", "北斗", "长庚", "启明", "天枢", "紫宸",
    "望舒", "若水", "知行", "理弘", "毅卓", "尔致", "恒信", "嘉安", "澜泰", "和宁", "昭华", "景崇",
    "文拓", "维睿", "思智", "联数",
];
const SYL_B: [&str; 40] = [
    "达汇", "通博", "宏图", "创聚", "能科", "讯芯", "链纳", "新锐", "融中", "鼎盛", "腾跃", "凌越",
    "诚惠", "民兴", "业光", "元象", "极磐", "铭众", "领航", "先锋", "优品", "合德", "润泽", "雅韵",
    "灵秀", "峰岚", "霞晖", "曜煜", "琨瑜", "璟瑞", "祥悦", "欣怡", "乐康", "宜顺", "畅捷", "迅敏",
    "朴素", "实坚", "固稳", "厚载",
];
const TAILS: [&str; 8] = [
    "网络科技有限公司",
    "信息技术有限公司",
    "数据服务有限公司",
    "安全技术有限公司",
    "智能系统有限公司",
    "软件股份有限公司",
    "通信工程有限公司",
    "电子科技有限公司",
];

/// The lead unit of application `i`: one of its own, so no unit is in more than one
/// application (E2), and a zone operator for direction 13 (E10).
fn lead_unit(i: usize) -> Unit {
    let k = i % NAMES.len();
    let (name, kind) = if i < LEADS.len() {
        (LEADS[i].0.to_string(), LEADS[i].1)
    } else if k == 5 {
        const ZONES: [&str; 8] = [
            "园区运营",
            "科创港管理",
            "示范区建设",
            "高新区发展",
            "数字谷运营",
            "创新城开发",
            "产业园服务",
            "试验区投资",
        ];
        (
            format!(
                "{}{}{}有限公司",
                SYL_A[i % 40],
                SYL_B[(i / 40) % 40],
                ZONES[(i / 1600) % ZONES.len()]
            ),
            UnitKind::ZoneOperator,
        )
    } else {
        (
            format!(
                "{}{}{}",
                SYL_A[i % 40],
                SYL_B[(i / 40) % 40],
                TAILS[(i / 1600) % TAILS.len()]
            ),
            UnitKind::Enterprise,
        )
    };
    let mut u = unit(
        &format!("L{:05}", i + 1),
        &name,
        credit_code("91", 10_000_000 + i as u32),
        kind,
        "北京",
    );
    if kind == UnitKind::ZoneOperator {
        u.zone_level = Some(ZoneLevel::Provincial);
    }
    u
}

/// The joint unit of an application with an even index, its own like the lead.
fn joint_unit(i: usize) -> Unit {
    const JOINT_TAILS: [&str; 4] = [
        "信息工程研究院",
        "网络安全实验室",
        "数字技术研究所",
        "安全测评研究中心",
    ];
    let k = i / 2;
    let (name, kind) = if k < JOINTS.len() {
        (JOINTS[k].0.to_string(), JOINTS[k].1)
    } else {
        (
            format!(
                "{}{}{}",
                SYL_B[k % 40],
                SYL_A[(k / 40) % 40],
                JOINT_TAILS[(k / 1600) % JOINT_TAILS.len()]
            ),
            UnitKind::Institute,
        )
    };
    unit(
        &format!("J{:05}", i + 1),
        &name,
        credit_code("12", 20_000_000 + i as u32),
        kind,
        "北京",
    )
}

/// The deliberate conflict: expert E01's own unit joins application A00005 (C1).
const CONFLICTED: usize = 4;

/// Each recommender sends at most five applications, ranked 1..5 (E8).
fn recommender_of(i: usize) -> String {
    match i / 5 {
        0 => "R-BJ".into(),
        1 => "R-SH".into(),
        k => format!("R{k:04}"),
    }
}

fn application(i: usize, n: usize) -> Application {
    let k = i % NAMES.len();
    let name = if n <= NAMES.len() {
        NAMES[k].to_string()
    } else {
        format!("{}（{}）", NAMES[k], i + 1)
    };
    let mut members = vec![Member {
        unit: format!("L{:05}", i + 1),
        role: MemberRole::Lead,
    }];
    if i == CONFLICTED {
        members.push(Member {
            unit: "U90".into(),
            role: MemberRole::Joint,
        });
    } else if i % 2 == 0 {
        members.push(Member {
            unit: format!("J{:05}", i + 1),
            role: MemberRole::Joint,
        });
    }
    let recommender = recommender_of(i);
    let location = if recommender == "R-SH" {
        "上海"
    } else {
        "北京"
    };
    Application {
        id: format!("A{:05}", i + 1),
        name,
        directions: vec![DIRS[k]],
        recommender,
        priority: (i % 5) as u32 + 1,
        recommended_on: date(2023, 9, 15),
        location: location.into(),
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

fn recommender(id: &str, name: &str, region: &str) -> Recommender {
    Recommender {
        id: id.into(),
        name: name.into(),
        channel: Channel::Regional,
        kind: RecommenderKind::Province,
        jurisdiction: vec![region.into()],
        deadline: None,
    }
}

/// A campaign with `n` applications in directions 1-4 and 13; expert E01 sits on both
/// panels, E02 on the first only. It breaks no rule of the notice except one on purpose:
/// E01's unit joins A00005 (a C1 conflict). Every unit, credit code and expert is invented.
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
    let mut recommenders = vec![
        recommender("R-BJ", "北京市通信管理局", "北京"),
        recommender("R-SH", "上海市通信管理局", "上海"),
    ];
    for k in 2..n.div_ceil(5) {
        recommenders.push(recommender(
            &format!("R{k:04}"),
            &format!("示例推荐单位{k}"),
            "北京",
        ));
    }
    let mut units = Vec::with_capacity(n * 2 + 2);
    for i in 0..n {
        units.push(lead_unit(i));
        if i % 2 == 0 && i != CONFLICTED {
            units.push(joint_unit(i));
        }
    }
    units.push(unit(
        "U90",
        "青岚网络空间安全研究院",
        credit_code("12", 30_000_090),
        UnitKind::Institute,
        "北京",
    ));
    units.push(unit(
        "U91",
        "南湖理工大学",
        credit_code("12", 30_000_091),
        UnitKind::University,
        "北京",
    ));
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
            unit: "U91".into(),
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

/// The six-application campaign with two formal-review cases for the triage view: A00003 is
/// still under construction (E5, blocking) and A00006 was recommended after the deadline
/// (E9, a warning).
pub fn triage_campaign() -> Campaign {
    let mut c = campaign(6);
    for a in &mut c.applications {
        match a.id.as_str() {
            "A00003" => a.build_status = BuildStatus::UnderConstruction,
            "A00006" => a.recommended_on = date(2023, 10, 9),
            _ => {}
        }
    }
    c
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
    store_with_keys(dir, campaign, None)
}

/// A deterministic Ed25519 key for `id` in `role` (tests only).
pub fn key(id: &str, role: Role, seed: u8) -> PrivateKey {
    let pair = KeyPair::from_seed(Algorithm::Ed25519, [seed; 32]).expect("key pair");
    PrivateKey::new(id, role, pair).expect("key id")
}

/// The keys.toml listing `keys`.
pub fn keys_toml(keys: &[&PrivateKey]) -> String {
    keys.iter()
        .map(|k| k.keys_toml_entry())
        .collect::<Vec<_>>()
        .join("\n")
}

/// As [`store`], with `keys_toml` as the store's keys.toml.
pub fn store_with_keys(dir: &Path, campaign: &Campaign, keys_toml: Option<&str>) -> Store {
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
        keys_toml,
        &[],
        None,
        "2023-11-01T09:00:00Z",
    )
    .expect("create store")
}

pub fn review(dir: &Path, n: usize, lang: Lang) -> Review {
    Review::open(store(dir, &campaign(n)), lang).expect("open review")
}

/// An expert's interface over a fresh store of `n` applications, settled; `pledged`
/// acknowledges the commitment first.
pub fn expert(dir: &Path, n: usize, lang: Lang, pledged: bool, width: u16, height: u16) -> Harness {
    let review = review(dir, n, lang);
    if pledged {
        review.pledge(EXPERT).expect("pledge");
    }
    let mut ui = Harness::new(
        review,
        View::Expert(EXPERT.into()),
        lang,
        Theme::colored(),
        width,
        height,
    )
    .expect("harness");
    // The findings and the search index arrive from their threads: wait for both, so
    // what the tests see does not depend on timing.
    assert!(ui.settle(), "findings and index within 30 s");
    ui
}
