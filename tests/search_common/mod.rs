//! A small campaign built in code for the search tests: names chosen for their pinyin
//! (polyphones 重 行 长 厦), full-width Latin, mixed Latin and Han, and look-alike ids.

use pingshen::model::{
    Application, BuildStatus, Campaign, Channel, Date, Deadlines, Limits, Member, MemberRole,
    MergeSettings, Recommender, RecommenderKind, Sections, Settings, Unit, UnitKind,
};

fn date(y: i32, m: u8, d: u8) -> Date {
    Date {
        year: y,
        month: m,
        day: d,
    }
}

fn unit(id: &str, name: &str) -> Unit {
    Unit {
        id: id.into(),
        name: name.into(),
        credit_code: "91500000000000000X".into(),
        kind: UnitKind::Enterprise,
        province: "重庆".into(),
        parent: None,
        leading: false,
        zone_level: None,
        managed_by: None,
    }
}

fn recommender(id: &str, name: &str) -> Recommender {
    Recommender {
        id: id.into(),
        name: name.into(),
        channel: Channel::Regional,
        kind: RecommenderKind::Province,
        jurisdiction: vec![],
        deadline: None,
    }
}

pub fn application(id: &str, name: &str, direction: u8, rec: &str, units: &[&str]) -> Application {
    Application {
        id: id.into(),
        name: name.into(),
        directions: vec![direction],
        recommender: rec.into(),
        priority: 1,
        recommended_on: date(2023, 9, 1),
        location: "重庆".into(),
        industry: "finance".into(),
        build_status: BuildStatus::Operating,
        prior_national_pilot: false,
        national_special_funds: false,
        members: units
            .iter()
            .enumerate()
            .map(|(i, u)| Member {
                unit: u.to_string(),
                role: if i == 0 {
                    MemberRole::Lead
                } else {
                    MemberRole::Joint
                },
            })
            .collect(),
        sections: Sections::default(),
        documents: vec![],
    }
}

pub fn settings() -> Settings {
    Settings {
        format_version: 1,
        id: "search-test".into(),
        name: "搜索测试".into(),
        name_en: "Search test".into(),
        notice: String::new(),
        review_date: date(2023, 10, 1),
        demo_expert: None,
        regions: vec![],
        limits: Limits::default(),
        deadlines: Deadlines {
            regional: date(2023, 9, 15),
            ministry: date(2023, 9, 15),
        },
        merge: MergeSettings::default(),
        panels: vec![],
    }
}

pub fn campaign() -> Campaign {
    let units = vec![
        unit("U01", "重庆银行股份有限公司"),
        unit("U02", "重庆长安汽车股份有限公司"),
        unit("U03", "清华大学"),
        unit("U04", "厦门港务控股集团有限公司"),
        unit("U05", "中国移动通信集团有限公司"),
        unit("U06", "北京数安科技有限公司"),
        unit("U07", "西安交通大学"),
        unit("U08", "湖南水利科技有限公司"),
        unit("U09", "上海人工智能实验室"),
        unit("U10", "阿里云计算有限公司"),
        unit("U11", "中电科网络安全科技股份有限公司"),
        unit("U12", "国家工业信息安全发展研究中心"),
    ];
    let recommenders = vec![
        recommender("R-CQ", "重庆市经济和信息化委员会"),
        recommender("R-XM", "厦门市工业和信息化局"),
        recommender("R-MIIT", "工业和信息化部"),
        recommender("R-BJ", "北京市经济和信息化局"),
        recommender("R-SN", "陕西省工业和信息化厅"),
        recommender("R-HN", "湖南省工业和信息化厅"),
        recommender("R-SH", "上海市经济和信息化委员会"),
        recommender("R-ZJ", "浙江省经济和信息化厅"),
    ];
    let applications = vec![
        application("A-0001", "重庆银行云计算安全防护平台", 2, "R-CQ", &["U01"]),
        application(
            "A-0002",
            "长安汽车车联网安全监测",
            7,
            "R-CQ",
            &["U02", "U03"],
        ),
        application("A-0003", "厦门港物联网安全", 8, "R-XM", &["U04"]),
        application("A-0004", "5G专网安全", 1, "R-MIIT", &["U05"]),
        application("A-0005", "行业大数据安全治理平台", 4, "R-BJ", &["U06"]),
        application("A-0006", "西安人工智能安全靶场", 3, "R-SN", &["U07"]),
        application("A-0007", "长沙智慧水利物联网平台", 8, "R-HN", &["U08"]),
        application("A-0008", "ＡＩ大模型安全评测", 3, "R-SH", &["U09", "U11"]),
        application("A-0012", "云原生安全运营中心", 2, "R-ZJ", &["U10"]),
        application("A-00123", "标识解析体系安全防护", 10, "R-MIIT", &["U12"]),
    ];
    Campaign::new(
        settings(),
        vec![],
        recommenders,
        units,
        vec![],
        applications,
    )
}
