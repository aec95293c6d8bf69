//! Search over 10,000 synthetic applications, one keystroke at a time (DESIGN.md §8: p99
//! under 5 ms), with `fzf --filter` on the same strings beside it when fzf is installed.
//!
//! `cargo bench --bench search` runs it in full; without `--bench` in its arguments (as
//! under `cargo test --all-targets`) it only checks itself on a small campaign.

use pingshen::model::{
    Application, BuildStatus, Campaign, Channel, Date, Deadlines, Limits, Member, MemberRole,
    MergeSettings, Recommender, RecommenderKind, Sections, Settings, Unit, UnitKind,
};
use pingshen::search::{Narrowing, SearchIndex};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// splitmix64: deterministic, so every run searches the same campaign.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const REGIONS: &[&str] = &[
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "大连",
    "青岛",
    "宁波",
    "厦门",
    "深圳",
    "长沙",
    "长安",
    "西安",
    "成都",
    "武汉",
    "杭州",
    "南京",
    "苏州",
    "合肥",
    "郑州",
    "济南",
    "沈阳",
    "长春",
    "哈尔滨",
];
const SCENES: &[&str] = &[
    "银行",
    "证券",
    "保险",
    "电力",
    "港口",
    "医院",
    "水利",
    "汽车",
    "轨道交通",
    "民航",
    "政务",
    "运营商",
    "智能制造",
    "能源",
    "石化",
    "钢铁",
    "广电",
    "邮政",
    "人社",
    "应急",
    "卫生健康",
    "物流",
    "教育",
    "智慧城市",
];
const TECHS: &[&str] = &[
    "云计算",
    "大数据",
    "人工智能",
    "车联网",
    "物联网",
    "5G专网",
    "工业互联网",
    "零信任",
    "商用密码",
    "数据安全",
    "态势感知",
    "信创",
    "区块链",
    "边缘计算",
    "量子通信",
    "威胁情报",
    "APT检测",
    "API安全",
];
const OBJECTS: &[&str] = &[
    "安全防护平台",
    "安全监测系统",
    "安全运营中心",
    "安全防护体系",
    "安全评估服务",
    "攻防靶场",
    "安全解决方案",
    "安全态势感知平台",
    "数据分类分级系统",
    "密码应用示范",
    "安全能力中心",
];
const UNIT_WORDS: &[&str] = &[
    "科技", "信息", "网络", "数据", "智能", "安全", "通信", "云", "数字", "信安", "天融", "奇安",
    "启明", "长城", "重工", "行业", "银河", "华信", "中电", "东方",
];
const UNIT_SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限公司",
    "集团有限公司",
    "技术有限公司",
    "研究院",
    "大学",
    "研究所",
];

fn date(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

fn campaign(apps: usize, seed: u64) -> Campaign {
    let mut rng = Rng(seed);
    let units: Vec<Unit> = (0..apps.div_ceil(3).max(10))
        .map(|i| {
            let region = rng.pick(REGIONS);
            let name = format!(
                "{}{}{}{}",
                region,
                rng.pick(UNIT_WORDS),
                rng.pick(UNIT_WORDS),
                rng.pick(UNIT_SUFFIXES)
            );
            Unit {
                id: format!("U{i:05}"),
                name,
                credit_code: "91110000000000000X".into(),
                kind: UnitKind::Enterprise,
                province: region.into(),
                parent: None,
                leading: false,
                zone_level: None,
                managed_by: None,
            }
        })
        .collect();
    let recommenders: Vec<Recommender> = REGIONS
        .iter()
        .enumerate()
        .map(|(i, region)| Recommender {
            id: format!("R{i:02}"),
            name: format!("{region}省工业和信息化厅"),
            channel: Channel::Regional,
            kind: RecommenderKind::Province,
            jurisdiction: vec![region.to_string()],
            deadline: None,
        })
        .collect();
    let applications = (0..apps)
        .map(|i| {
            let region = if rng.below(3) == 0 {
                ""
            } else {
                rng.pick(REGIONS)
            };
            let name = format!(
                "{}{}{}{}",
                region,
                rng.pick(SCENES),
                rng.pick(TECHS),
                rng.pick(OBJECTS)
            );
            let members = (0..1 + rng.below(3))
                .map(|k| Member {
                    unit: units[rng.below(units.len())].id.clone(),
                    role: if k == 0 {
                        MemberRole::Lead
                    } else {
                        MemberRole::Joint
                    },
                })
                .collect();
            Application {
                id: format!("A-{i:05}"),
                name,
                directions: vec![1 + rng.below(13) as u8],
                recommender: recommenders[rng.below(recommenders.len())].id.clone(),
                priority: 1,
                recommended_on: date(2023, 9, 1),
                location: region.to_string(),
                industry: "finance".into(),
                build_status: BuildStatus::Operating,
                prior_national_pilot: false,
                national_special_funds: false,
                members,
                sections: Sections::default(),
                documents: vec![],
            }
        })
        .collect();
    let settings = Settings {
        format_version: 1,
        id: "bench".into(),
        name: "检索基准".into(),
        name_en: "Search bench".into(),
        notice: String::new(),
        review_date: date(2023, 10, 1),
        demo_expert: None,
        regions: REGIONS.iter().map(|r| r.to_string()).collect(),
        limits: Limits::default(),
        deadlines: Deadlines {
            regional: date(2023, 9, 15),
            ministry: date(2023, 9, 15),
        },
        merge: MergeSettings::default(),
        panels: vec![],
    };
    Campaign::new(settings, vec![], recommenders, units, vec![], applications)
}

/// The same fields the index searches, one application a line, for fzf.
fn lines(campaign: &Campaign) -> String {
    let mut out = String::new();
    for app in &campaign.applications {
        let mut parts = vec![app.id.clone(), app.name.clone()];
        for m in &app.members {
            parts.push(
                campaign
                    .unit(&m.unit)
                    .map_or(m.unit.clone(), |u| u.name.clone()),
            );
        }
        parts.push(Campaign::direction_name(app.direction(), true).to_string());
        parts.push(
            campaign
                .recommender(&app.recommender)
                .map_or(String::new(), |r| r.name.clone()),
        );
        out.push_str(&parts.join(" "));
        out.push('\n');
    }
    out
}

/// CPU time of this thread: the search's own cost, without the time the scheduler gave
/// to other processes on a busy machine.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Pads by display width, so CJK queries keep the columns aligned.
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or("unknown".into(), |l| {
        l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    })
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

/// Wall time of `fzf --filter QUERY` over `input`, and how many lines it printed.
fn fzf(input: &str, query: &str) -> Option<(Duration, usize)> {
    let start = Instant::now();
    let mut child = Command::new("fzf")
        .args(["--filter", query])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    let elapsed = start.elapsed();
    Some((elapsed, out.stdout.iter().filter(|&&b| b == b'\n').count()))
}

const QUERIES: &[&str] = &[
    "yjs",
    "yunjisuan",
    "cq",
    "chongqing yh",
    "yh",
    "xm",
    "ca",
    "5G专网",
    "５Ｇ",
    "yun计算",
    "anquan",
    "A-01234",
    "长安汽车",
];

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    if !full {
        // Under `cargo test`: a quick self-check, nothing heavy.
        let c = campaign(200, 7);
        let index = SearchIndex::build(&c);
        assert!(!index.search("aq", 5).is_empty());
        return;
    }
    let load = load_average();
    let apps = 10_000;
    let limit = 50;
    let reps = 30;
    let c = campaign(apps, 2023);
    let mut builds: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let index = SearchIndex::build(&c);
            let e = t.elapsed();
            assert_eq!(index.len(), apps);
            e
        })
        .collect();
    builds.sort();
    let index = SearchIndex::build(&c);
    println!(
        "search bench: {apps} applications, limit {limit}, {reps} repetitions of each keystroke"
    );
    println!(
        "index build: min {} ms, median {} ms",
        ms(builds[0]),
        ms(builds[2])
    );
    println!();
    println!(
        "{} {:>4} {:>7} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} | {:>8} {:>7}",
        pad("query", 14),
        "keys",
        "matches",
        "p50",
        "p99",
        "max",
        "cpu p50",
        "cpu p99",
        "cpu max",
        "nar p50",
        "nar p99",
        "nar max",
        "fzf",
        "fzf hit"
    );
    let input = lines(&c);
    let mut all_fresh = Vec::new();
    let mut all_cpu = Vec::new();
    let mut all_narrow = Vec::new();
    for &query in QUERIES {
        let chars: Vec<char> = query.chars().collect();
        let prefixes: Vec<String> = (1..=chars.len())
            .map(|n| chars[..n].iter().collect())
            .collect();
        let mut fresh = Vec::new();
        let mut cpu = Vec::new();
        let mut narrow = Vec::new();
        for _ in 0..reps {
            for p in &prefixes {
                let (t, c) = (Instant::now(), thread_cpu());
                let hits = index.search(p, limit);
                fresh.push(t.elapsed());
                cpu.push(thread_cpu().saturating_sub(c));
                std::hint::black_box(hits);
            }
            let mut state = Narrowing::default();
            for p in &prefixes {
                let t = Instant::now();
                let hits = index.search_narrowing(&mut state, p, limit);
                narrow.push(t.elapsed());
                std::hint::black_box(hits);
            }
        }
        let matches = index.search(query, usize::MAX).len();
        fresh.sort();
        cpu.sort();
        narrow.sort();
        let fzf_cell = match (0..5)
            .map(|_| fzf(&input, query))
            .collect::<Option<Vec<_>>>()
        {
            Some(mut runs) => {
                runs.sort();
                let (t, n) = runs[runs.len() / 2];
                (ms(t), n.to_string())
            }
            None => ("-".to_string(), "no fzf".to_string()),
        };
        println!(
            "{} {:>4} {:>7} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} | {:>8} {:>7}",
            pad(query, 14),
            prefixes.len(),
            matches,
            ms(percentile(&fresh, 0.5)),
            ms(percentile(&fresh, 0.99)),
            ms(percentile(&fresh, 1.0)),
            ms(percentile(&cpu, 0.5)),
            ms(percentile(&cpu, 0.99)),
            ms(percentile(&cpu, 1.0)),
            ms(percentile(&narrow, 0.5)),
            ms(percentile(&narrow, 0.99)),
            ms(percentile(&narrow, 1.0)),
            fzf_cell.0,
            fzf_cell.1,
        );
        all_fresh.extend(fresh);
        all_cpu.extend(cpu);
        all_narrow.extend(narrow);
    }
    all_fresh.sort();
    all_cpu.sort();
    all_narrow.sort();
    println!(
        "{} {:>4} {:>7} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7} |",
        pad("all keys", 14),
        all_fresh.len() / reps,
        "",
        ms(percentile(&all_fresh, 0.5)),
        ms(percentile(&all_fresh, 0.99)),
        ms(percentile(&all_fresh, 1.0)),
        ms(percentile(&all_cpu, 0.5)),
        ms(percentile(&all_cpu, 0.99)),
        ms(percentile(&all_cpu, 1.0)),
        ms(percentile(&all_narrow, 0.5)),
        ms(percentile(&all_narrow, 0.99)),
        ms(percentile(&all_narrow, 1.0)),
    );
    println!();
    println!("Milliseconds per keystroke, each query typed one character at a time. p50/p99/max:");
    println!("wall time of a fresh search; cpu: this thread's CPU time for the same searches (the");
    println!("cost without other processes' share of a busy machine); nar: wall time through");
    println!("search_narrowing. fzf: median wall time of `fzf --filter QUERY` (whole query) over");
    println!("the same {apps} lines, process start and input included; fzf has no pinyin, so its");
    println!("hits differ. Load average before the run: {load}.");
}
