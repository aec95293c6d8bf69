//! Intake: recommenders' 推荐项目汇总表 spreadsheets (附件3), each row joined to its
//! structured 申报书 file and original documents, added to a campaign directory.

use crate::format::{load_campaign, LoadErrors};
use crate::i18n::{io_phrase, Lang};
use crate::model::{
    direction, Application, BuildStatus, Campaign, Date, Document, Member, Sections, Unit,
    DIRECTIONS,
};
use calamine::{Data, Reader, Xlsx};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// Largest spreadsheet intake reads: a 推荐项目汇总表 is a few dozen rows, far below this.
pub const MAX_SPREADSHEET_BYTES: u64 = 16 * 1024 * 1024;
/// Most bytes a spreadsheet's parts may unpack to; a zip bomb is refused before parsing.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
/// Rows and columns intake looks at; a cell beyond them is refused, so a sheet naming a far
/// corner cell (XFD1048576) cannot make the reader allocate the whole grid.
pub const MAX_SPREADSHEET_ROWS: u32 = 20_000;
pub const MAX_SPREADSHEET_COLUMNS: u32 = 64;
/// Largest 申报书 file or original document intake reads.
pub const MAX_FORM_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_DOCUMENT_BYTES: u64 = crate::format::MAX_FILE_BYTES;

/// A structured 申报书: an application as its consortium wrote it; the recommender's row
/// supplies recommender, priority, date and location.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationForm {
    pub id: String,
    pub name: String,
    pub directions: Vec<u8>,
    pub industry: String,
    pub build_status: BuildStatus,
    #[serde(default)]
    pub prior_national_pilot: bool,
    #[serde(default)]
    pub national_special_funds: bool,
    pub members: Vec<Member>,
    #[serde(default)]
    pub sections: Sections,
    /// Files relative to the docs folder; `sm3` may be left empty and is then computed.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Member units the campaign does not know yet.
    #[serde(default)]
    pub new_units: Vec<Unit>,
}

/// One row that could not be taken, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub file: PathBuf,
    /// 1-based spreadsheet row.
    pub row: usize,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (file, row) = (self.file.display(), self.row);
        match Lang::of_run() {
            Lang::Zh => write!(f, "{file}：第 {row} 行：{}", self.message),
            Lang::En => write!(f, "{file}: row {row}: {}", self.message),
        }
    }
}

/// A message in the run's language. Intake's messages are made deep inside it, far from
/// the command's language, and its types carry one string each.
fn say(zh: String, en: String) -> String {
    Lang::of_run().say(zh, en)
}

/// Why a file could not be read, in the run's language.
fn unreadable(e: &std::io::Error) -> String {
    let lang = Lang::of_run();
    let why = io_phrase(lang, e);
    lang.say(
        format!("无法读取（{why}）；请检查路径"),
        format!("cannot be read ({why}); check the path"),
    )
}

#[derive(Debug, Default)]
pub struct IntakeReport {
    /// Application ids taken, per spreadsheet.
    pub taken: Vec<(PathBuf, Vec<String>)>,
    /// Application ids whose rows were taken by an earlier run with the same content, per
    /// spreadsheet: skipped, neither taken again nor a problem.
    pub already_taken: Vec<(PathBuf, Vec<String>)>,
    pub problems: Vec<RowProblem>,
    pub new_units: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("{}", .0.message(Lang::of_run()))]
    Campaign(LoadErrors),
    #[error("{}{}{message}", file.display(), Lang::of_run().pick("：", ": "))]
    File { file: PathBuf, message: String },
    #[error("{}\n{}", Lang::of_run().pick("录入后评审任务将无法载入，因此什么都没有改动：", "the campaign would not load after intake, so nothing was changed:"), .0.message(Lang::of_run()))]
    WouldBreak(LoadErrors),
    /// The folder given for the 申报书 files and documents is not there.
    #[error("the docs folder {} does not exist; give the folder that holds 申报书/ and the documents with --docs, or leave --docs out to use the spreadsheets' folder", .0.display())]
    NoDocsFolder(PathBuf),
}

impl SpreadsheetError {
    /// The sentence in `lang` (`Display` is the English one).
    pub fn message(&self, lang: Lang) -> String {
        if !lang.is_zh() {
            return self.to_string();
        }
        match self {
            SpreadsheetError::TooLarge { size } => format!(
                "有 {size} 字节，超过推荐项目汇总表的上限 {} MiB；请确认这是正确的文件",
                MAX_SPREADSHEET_BYTES / (1024 * 1024)
            ),
            SpreadsheetError::Empty => {
                "是空文件，不是 XLSX 电子表格；请在 Excel 或 WPS 中另存为 .xlsx".into()
            }
            SpreadsheetError::NotXlsx(_) => {
                "不是 XLSX 电子表格；请在 Excel 或 WPS 中另存为 .xlsx".into()
            }
            SpreadsheetError::Unpacked => format!(
                "解压后超过 {} MiB；文件已损坏，或不是推荐项目汇总表",
                MAX_UNPACKED_BYTES / (1024 * 1024)
            ),
            SpreadsheetError::Extent { row, column } => format!(
                "第 {row} 行第 {column} 列有内容，超出 intake 读取的 {MAX_SPREADSHEET_ROWS} 行、{MAX_SPREADSHEET_COLUMNS} 列；请删去这些多余的单元格"
            ),
            SpreadsheetError::NoWorksheet => "没有工作表".into(),
            SpreadsheetError::Unreadable => {
                "内部结构有误，无法读取；请在 Excel 或 WPS 中打开后重新另存为 .xlsx".into()
            }
            SpreadsheetError::Worksheet { name, .. } => {
                format!("工作表 `{name}` 无法读取；请打开后重新另存为 .xlsx")
            }
        }
    }
}

/// Why a spreadsheet could not be read; one sentence, said of the file by the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpreadsheetError {
    #[error("is {size} bytes, over the {} MiB a 推荐项目汇总表 may have; check it is the right file", MAX_SPREADSHEET_BYTES / (1024 * 1024))]
    TooLarge { size: u64 },
    #[error("is empty, not an XLSX spreadsheet; save it from Excel or WPS as .xlsx")]
    Empty,
    /// The zip reader's detail is for the log: "Could not find EOCD" means nothing to a user.
    #[error("is not an XLSX spreadsheet; save it from Excel or WPS as .xlsx")]
    NotXlsx(String),
    #[error("unpacks to more than {} MiB; it is damaged or not a 推荐项目汇总表", MAX_UNPACKED_BYTES / (1024 * 1024))]
    Unpacked,
    #[error("has a cell at row {row}, column {column}, beyond the {} rows and {} columns intake reads; delete the stray cells", MAX_SPREADSHEET_ROWS, MAX_SPREADSHEET_COLUMNS)]
    Extent { row: u32, column: u32 },
    #[error("has no worksheet")]
    NoWorksheet,
    #[error("is malformed inside and cannot be read; open it in Excel or WPS and save it again as .xlsx")]
    Unreadable,
    #[error("worksheet `{name}` cannot be read ({why}); open and save it again as .xlsx")]
    Worksheet { name: String, why: String },
}

/// The first worksheet's cells, row by row from row 1 and column A.
pub type SpreadsheetRows = Vec<Vec<Data>>;

/// Checks that the zip container unpacks to a bounded size, by unpacking it once.
fn check_unpacked(bytes: &[u8]) -> Result<(), SpreadsheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| SpreadsheetError::NotXlsx(e.to_string()))?;
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let entry = zip
            .by_index(i)
            .map_err(|e| SpreadsheetError::NotXlsx(e.to_string()))?;
        // The sizes a zip declares can lie: count what it really unpacks to.
        let n = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|e| SpreadsheetError::NotXlsx(e.to_string()))?;
        left = left.checked_sub(n).ok_or(SpreadsheetError::Unpacked)?;
    }
    Ok(())
}

/// Reads the first worksheet of an XLSX file's bytes, within the size, unpacking and extent
/// limits above.
pub fn read_spreadsheet(bytes: &[u8]) -> Result<SpreadsheetRows, SpreadsheetError> {
    if bytes.len() as u64 > MAX_SPREADSHEET_BYTES {
        return Err(SpreadsheetError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    if bytes.is_empty() {
        return Err(SpreadsheetError::Empty);
    }
    check_unpacked(bytes)?;
    quietly(|| read_cells(bytes)).unwrap_or(Err(SpreadsheetError::Unreadable))
}

/// Runs `f`, turning a panic inside it into `None` without printing it. calamine 0.31
/// indexes its shared-string table with a number read from the file and panics on one out
/// of range (xlsx/cells_reader.rs, `read_v`; found by fuzzing): a hostile spreadsheet must
/// be refused, not crash intake. The hook stays quiet only on this thread, only inside `f`.
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    use std::cell::Cell;
    thread_local!(static QUIET: Cell<bool> = const { Cell::new(false) });
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.ok()
}

fn read_cells(bytes: &[u8]) -> Result<SpreadsheetRows, SpreadsheetError> {
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| SpreadsheetError::NotXlsx(e.to_string()))?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SpreadsheetError::NoWorksheet)?;
    let bad = |e: calamine::XlsxError| SpreadsheetError::Worksheet {
        name: name.clone(),
        why: e.to_string(),
    };
    let mut cells = wb.worksheet_cells_reader(&name).map_err(bad)?;
    let mut rows: SpreadsheetRows = vec![];
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        let (r, c) = cell.get_position();
        if r >= MAX_SPREADSHEET_ROWS || c >= MAX_SPREADSHEET_COLUMNS {
            return Err(SpreadsheetError::Extent {
                row: r.saturating_add(1),
                column: c.saturating_add(1),
            });
        }
        let value: Data = cell.get_value().clone().into();
        if value == Data::Empty {
            continue;
        }
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, Data::Empty);
        }
        row[c] = value;
    }
    Ok(rows)
}

/// Reads a spreadsheet file, refusing one over [`MAX_SPREADSHEET_BYTES`] before reading it.
fn read_spreadsheet_file(path: &Path) -> Result<SpreadsheetRows, IntakeError> {
    let err = |message: String| IntakeError::File {
        file: path.to_path_buf(),
        message,
    };
    let size = fs::metadata(path).map_err(|e| err(unreadable(&e)))?.len();
    if size > MAX_SPREADSHEET_BYTES {
        return Err(err(
            SpreadsheetError::TooLarge { size }.message(Lang::of_run())
        ));
    }
    let bytes = fs::read(path).map_err(|e| err(unreadable(&e)))?;
    read_spreadsheet(&bytes).map_err(|e| {
        tracing::info!(file = %path.display(), error = ?e, "not read as a spreadsheet");
        err(e.message(Lang::of_run()))
    })
}

/// Reads at most `max` bytes of `path`, refusing a larger file before reading it.
fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let size = fs::metadata(path).map_err(|e| unreadable(&e))?.len();
    if size > max {
        return Err(say(
            format!("有 {size} 字节，超过上限 {max}；请确认这是正确的文件"),
            format!("is {size} bytes, over the limit of {max}; check it is the right file"),
        ));
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| unreadable(&e))?;
    if bytes.len() as u64 > max {
        return Err(say(
            format!("读取时超过了上限 {max} 字节；请确认这是正确的文件"),
            format!(
                "grew past the limit of {max} bytes while being read; check it is the right file"
            ),
        ));
    }
    Ok(bytes)
}

const COLUMNS: [&str; 8] = [
    "推荐单位",
    "推荐排序",
    "项目名称",
    "申报方向",
    "牵头单位",
    "联合单位",
    "所在地区",
    "推荐日期",
];

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => Date::from_excel_serial(d.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        _ => String::new(),
    }
}

/// A direction as the spreadsheet writes it: `2`, `云计算安全`, `（二）云计算安全`, `2 云计算安全`.
pub fn parse_direction(text: &str) -> Option<u8> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Ok(n) = t.parse::<u8>() {
        return direction(n).map(|d| d.code);
    }
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !"「」“”\"（）()、.．0123456789一二三四五六七八九十".contains(*c))
            .collect()
    };
    let want = plain(&t);
    DIRECTIONS
        .iter()
        .find(|d| plain(d.zh) == want)
        .map(|d| d.code)
}

fn parse_date(text: &str) -> Option<Date> {
    let t = text
        .trim()
        .replace(['/', '.', '年', '月'], "-")
        .replace('日', "");
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() != 3 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u8 = parts[1].parse().ok()?;
    let d: u8 = parts[2].parse().ok()?;
    Date::new(y, m, d)
}

/// 申报书 files by project name: where each is, and the form or why it cannot be read.
type Forms = BTreeMap<String, (PathBuf, Result<ApplicationForm, String>)>;

/// Every 申报书 file under `docs` (top level and `申报书/`), by project name.
fn read_forms(docs: &Path) -> Result<Forms, IntakeError> {
    let mut out = BTreeMap::new();
    for dir in [docs.to_path_buf(), docs.join("申报书")] {
        let Ok(rd) = fs::read_dir(&dir) else { continue };
        let mut files: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for p in files {
            let bytes = read_limited(&p, MAX_FORM_BYTES).map_err(|message| IntakeError::File {
                file: p.clone(),
                message,
            })?;
            let text = String::from_utf8(bytes).map_err(|e| IntakeError::File {
                file: p.clone(),
                message: say(
                    format!(
                        "不是 UTF-8 文本（第 {} 字节起）；请另存为 UTF-8（不要用 GBK）",
                        e.utf8_error().valid_up_to()
                    ),
                    format!("is not UTF-8 text ({e}); save it as UTF-8"),
                ),
            })?;
            let form = toml::from_str::<ApplicationForm>(&text).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start].matches('\n').count() + 1)
                    .unwrap_or(1);
                let zh = if text.parse::<toml::Table>().is_err() {
                    crate::format::syntax_zh("TOML", &text, Some(line))
                } else {
                    crate::format::serde_zh(e.message())
                };
                say(
                    format!("{}:{line}: {zh}", p.display()),
                    format!("{}:{line}: {}", p.display(), e.message()),
                )
            });
            // Index by the name the form gives, or, unreadable, by its file stem.
            let key = match &form {
                Ok(f) => f.name.clone(),
                Err(_) => p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            out.insert(key, (p, form));
        }
    }
    Ok(out)
}

struct Taken {
    app: Application,
    units: Vec<Unit>,
    /// (source file, destination under documents/).
    files: Vec<(PathBuf, PathBuf)>,
}

/// What became of a row that could be read.
enum RowOutcome {
    New(Box<Taken>),
    /// Already in the campaign with the very content this row and its 申报书 give: an
    /// earlier run took it (the recommender sent its corrected spreadsheet again).
    AlreadyTaken(String),
}

/// How an application already in the campaign differs from the one a row would add, in the
/// spreadsheet's and the 申报书's words: `推荐排序 1 (was 2)`.
fn differences(campaign: &Campaign, held: &Application, row: &Application) -> Vec<String> {
    let recommender = |id: &str| {
        campaign
            .recommenders
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_string(), |r| r.name.clone())
    };
    let status = |b: BuildStatus| match b {
        BuildStatus::Operating => "operating",
        BuildStatus::UnderConstruction => "under_construction",
        BuildStatus::Planned => "planned",
    };
    let mut out = vec![];
    let mut simple = |what: &str, was: String, now: String| {
        if was != now {
            out.push(say(
                format!("{what} `{now}`（原为 `{was}`）"),
                format!("{what} `{now}` (was `{was}`)"),
            ));
        }
    };
    simple(
        "推荐单位",
        recommender(&held.recommender),
        recommender(&row.recommender),
    );
    simple(
        "推荐排序",
        held.priority.to_string(),
        row.priority.to_string(),
    );
    simple(
        "推荐日期",
        held.recommended_on.to_string(),
        row.recommended_on.to_string(),
    );
    simple("所在地区", held.location.clone(), row.location.clone());
    simple(
        "申报方向",
        format!("{:?}", held.directions),
        format!("{:?}", row.directions),
    );
    simple("industry", held.industry.clone(), row.industry.clone());
    let flag = |b: bool| if b { "true" } else { "false" };
    simple(
        "build_status",
        status(held.build_status).into(),
        status(row.build_status).into(),
    );
    simple(
        "prior_national_pilot",
        flag(held.prior_national_pilot).into(),
        flag(row.prior_national_pilot).into(),
    );
    simple(
        "national_special_funds",
        flag(held.national_special_funds).into(),
        flag(row.national_special_funds).into(),
    );
    // Lists and texts are named, not quoted: they can run to pages.
    for (zh, en, same) in [
        (
            "申报书的成员单位",
            "the 申报书's members",
            held.members == row.members,
        ),
        (
            "申报书的正文各节",
            "the 申报书's sections",
            held.sections == row.sections,
        ),
        (
            "申报书的附件文档",
            "the 申报书's documents",
            held.documents == row.documents,
        ),
    ] {
        if !same {
            out.push(say(zh.to_string(), en.to_string()));
        }
    }
    out
}

#[allow(clippy::too_many_lines)]
fn take_row(
    campaign: &Campaign,
    docs: &Path,
    forms: &Forms,
    cols: &BTreeMap<&str, usize>,
    row: &[Data],
    seen: &mut BTreeMap<String, Unit>,
) -> Result<RowOutcome, String> {
    let get = |name: &str| {
        cols.get(name)
            .and_then(|&i| row.get(i))
            .map(cell_text)
            .unwrap_or_default()
    };
    let name = get("项目名称");
    if name.is_empty() {
        return Err(say(
            "项目名称为空；请填写".into(),
            "项目名称 is empty; fill it in".into(),
        ));
    }
    let rec_name = get("推荐单位");
    let Some(rec) = campaign.recommenders.iter().find(|r| r.name == rec_name) else {
        return Err(say(
            format!("推荐单位 `{rec_name}` 不是本次评审的推荐单位；请把它加入 recommenders.toml，或改正名称"),
            format!("推荐单位 `{rec_name}` is not a recommender of this campaign; add it to recommenders.toml or correct the name"),
        ));
    };
    let priority: u32 = get("推荐排序").parse().map_err(|_| {
        let p = get("推荐排序");
        say(
            format!("推荐排序 `{p}` 不是整数；请填写 1、2、3 这样的序号"),
            format!("推荐排序 `{p}` is not a whole number"),
        )
    })?;
    let dir_text = get("申报方向");
    let Some(dir) = parse_direction(&dir_text) else {
        return Err(say(
            format!("申报方向 `{dir_text}` 不是通知所列的 13 个方向之一；请写方向的编号或名称"),
            format!("申报方向 `{dir_text}` is not one of the notice's 13 directions; write its number or its name"),
        ));
    };
    let location = get("所在地区");
    if !campaign.settings.regions.contains(&location) {
        return Err(say(
            format!("所在地区 `{location}` 不是本次评审的地区；请改正，或把它加入 campaign.toml 的 regions"),
            format!("所在地区 `{location}` is not a region of this campaign"),
        ));
    }
    let date_text = get("推荐日期");
    let recommended_on = parse_date(&date_text).ok_or_else(|| {
        say(
            format!("推荐日期 `{date_text}` 不是 2024-02-20 这样的日期"),
            format!("推荐日期 `{date_text}` is not a date such as 2024-02-20"),
        )
    })?;
    let Some((form_path, form)) = forms.get(&name) else {
        let expected = docs.join("申报书").join(format!("{name}.toml"));
        return Err(say(
            format!(
                "没有 `{name}` 的申报书：请添加文件 `{}`（其中写 name = \"{name}\"），然后再次运行 intake",
                expected.display(),
            ),
            format!(
                "no 申报书 for `{name}`: add the file `{}` (with name = \"{name}\"), then run intake again",
                expected.display(),
            ),
        ));
    };
    let form = form.as_ref().map_err(|e| {
        say(
            format!("其申报书无法读取：{e}"),
            format!("its 申报书 cannot be read: {e}"),
        )
    })?;
    if !form.directions.contains(&dir) {
        return Err(say(
            format!(
                "申报方向 {dir} 与申报书所写的方向 {:?} 不符；请改正其中之一",
                form.directions
            ),
            format!(
                "申报方向 {dir} does not match the 申报书's directions {:?}",
                form.directions
            ),
        ));
    }
    let mut units = vec![];
    for u in &form.new_units {
        match campaign.unit(&u.id).or_else(|| seen.get(&u.id)) {
            Some(existing) if existing != u => {
                return Err(say(
                    format!("{} 中的新单位 `{}` 与已有的同编号单位不同；请用已有的编号，或换一个新编号", form_path.display(), u.id),
                    format!("new unit `{}` in {} differs from the unit of that id already known; use the existing id or a new one", u.id, form_path.display()),
                ))
            }
            Some(_) => {}
            None => {
                seen.insert(u.id.clone(), u.clone());
                units.push(u.clone());
            }
        }
    }
    let unit_name = |id: &str| {
        campaign
            .unit(id)
            .or_else(|| seen.get(id))
            .map(|u| u.name.clone())
    };
    let lead = form
        .members
        .iter()
        .find(|m| m.role == crate::model::MemberRole::Lead)
        .and_then(|m| unit_name(&m.unit));
    let lead_cell = get("牵头单位");
    if !lead_cell.is_empty() && lead.as_deref() != Some(lead_cell.as_str()) {
        let lead = lead.unwrap_or_default();
        return Err(say(
            format!("牵头单位 `{lead_cell}` 与申报书的牵头单位 `{lead}` 不同；请改正其中之一"),
            format!(
                "牵头单位 `{lead_cell}` differs from the 申报书's lead unit `{lead}`; correct one of them"
            ),
        ));
    }
    let mut documents = vec![];
    let mut files = vec![];
    for d in &form.documents {
        use sm3::{Digest, Sm3};
        let src = docs.join(&d.file);
        if !src.is_file() {
            return Err(say(
                format!(
                    "文档 `{}` 不在 {} 中；请补上，或从申报书中删去",
                    d.file,
                    docs.display()
                ),
                format!(
                    "document `{}` is not in {}; add it or remove it from the 申报书",
                    d.file,
                    docs.display()
                ),
            ));
        }
        let bytes = read_limited(&src, MAX_DOCUMENT_BYTES).map_err(|e| {
            say(
                format!("文档 `{}` {e}", d.file),
                format!("document `{}` {e}", d.file),
            )
        })?;
        let digest = hex::encode(Sm3::digest(&bytes));
        if !d.sm3.is_empty() && !d.sm3.eq_ignore_ascii_case(&digest) {
            return Err(say(
                format!(
                    "文档 `{}` 的 SM3 是 {digest}，不是申报书所写的 {}",
                    d.file, d.sm3
                ),
                format!(
                    "document `{}` has SM3 {digest}, not the {} its 申报书 lists",
                    d.file, d.sm3
                ),
            ));
        }
        let file_name = Path::new(&d.file)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dest = PathBuf::from(&form.id).join(&file_name);
        documents.push(Document {
            title: d.title.clone(),
            file: dest.to_string_lossy().replace('\\', "/"),
            sm3: digest,
        });
        files.push((src, dest));
    }
    let app = Application {
        id: form.id.clone(),
        name: form.name.clone(),
        directions: form.directions.clone(),
        recommender: rec.id.clone(),
        priority,
        recommended_on,
        location,
        industry: form.industry.clone(),
        build_status: form.build_status,
        prior_national_pilot: form.prior_national_pilot,
        national_special_funds: form.national_special_funds,
        members: form.members.clone(),
        sections: form.sections.clone(),
        documents,
    };
    if let Some(held) = campaign.application(&app.id) {
        if held.name != app.name {
            return Err(say(
                format!(
                    "申报书 {} 的项目编号 `{}` 已被评审任务中的 `{}` 使用；请给这份申报书一个未用过的编号",
                    form_path.display(),
                    app.id,
                    held.name
                ),
                format!(
                    "the 申报书 {} gives id `{}`, which the campaign already uses for `{}`; give this 申报书 an id no application has",
                    form_path.display(),
                    app.id,
                    held.name
                ),
            ));
        }
        let differs = differences(campaign, held, &app);
        if differs.is_empty() {
            return Ok(RowOutcome::AlreadyTaken(app.id));
        }
        return Err(say(
            format!(
                "项目 `{id}`（{}）已在评审任务中，而本行与之不同：{}；如要替换，请从评审任务文件夹删去 applications/{id}.toml 和 documents/{id}/ 后再次运行 intake，否则请把本行恢复为已录入的内容",
                form_path.display(),
                differs.join("、"),
                id = app.id,
            ),
            format!(
                "application `{id}` ({}) is already in the campaign, and this row differs from it: {}; to replace it, delete applications/{id}.toml and documents/{id}/ from the campaign folder and run intake again, or else restore the row to what was taken",
                form_path.display(),
                differs.join(", "),
                id = app.id,
            ),
        ));
    }
    Ok(RowOutcome::New(Box::new(Taken { app, units, files })))
}

/// Reads the spreadsheets, takes every row it can, and writes them into `campaign_dir`;
/// the rows it cannot take are reported. The campaign is re-read afterwards and, should it
/// no longer load, every file is put back as it was.
pub fn intake(
    campaign_dir: &Path,
    sheets: &[PathBuf],
    docs: &Path,
) -> Result<IntakeReport, IntakeError> {
    let campaign = load_campaign(campaign_dir)
        .map_err(IntakeError::Campaign)?
        .campaign;
    // Said once, not as a missing 申报书 on every row.
    if !docs.is_dir() {
        return Err(IntakeError::NoDocsFolder(docs.to_path_buf()));
    }
    let forms = read_forms(docs)?;
    let mut report = IntakeReport::default();
    let mut taken_all: Vec<Taken> = vec![];
    let mut seen_units = BTreeMap::new();
    let mut ids: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
    for sheet in sheets {
        let grid = read_spreadsheet_file(sheet)?;
        let rows: Vec<&[Data]> = grid.iter().map(Vec::as_slice).collect();
        let header = rows.iter().position(|r| {
            let t: Vec<String> = r.iter().map(cell_text).collect();
            t.iter().any(|c| c == "推荐单位") && t.iter().any(|c| c == "项目名称")
        });
        let Some(h) = header else {
            return Err(IntakeError::File {
                file: sheet.clone(),
                message: say(
                    "没有含「推荐单位」和「项目名称」的表头行；请使用附件3 推荐项目汇总表的格式".into(),
                    "has no header row with 推荐单位 and 项目名称; use the 附件3 推荐项目汇总表 layout".into(),
                ),
            });
        };
        let mut cols: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, c) in rows[h].iter().enumerate() {
            let t = cell_text(c);
            if let Some(k) = COLUMNS.iter().find(|k| t.starts_with(**k)) {
                cols.insert(k, i);
            }
        }
        let missing: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|k| !cols.contains_key(k) && *k != "联合单位")
            .collect();
        if !missing.is_empty() {
            return Err(IntakeError::File {
                file: sheet.clone(),
                message: say(
                    format!("缺少列 {}；请使用附件3 的格式", missing.join("、")),
                    format!(
                        "lacks the column(s) {}; use the 附件3 layout",
                        missing.join(", ")
                    ),
                ),
            });
        }
        let mut taken_ids = vec![];
        let mut held_ids = vec![];
        for (i, row) in rows.iter().enumerate().skip(h + 1) {
            if row.iter().all(|c| cell_text(c).is_empty()) {
                continue;
            }
            let row_no = i + 1;
            match take_row(&campaign, docs, &forms, &cols, row, &mut seen_units) {
                Ok(RowOutcome::AlreadyTaken(id)) => held_ids.push(id),
                Ok(RowOutcome::New(t)) => {
                    if let Some((f, r)) = ids.get(&t.app.id) {
                        report.problems.push(RowProblem {
                            file: sheet.clone(),
                            row: row_no,
                            message: say(
                                format!(
                                    "项目 `{}` 已从 {} 第 {r} 行录入；每个项目只列一次",
                                    t.app.id,
                                    f.display()
                                ),
                                format!(
                                    "application `{}` was already taken from {} row {r}; list it once",
                                    t.app.id,
                                    f.display()
                                ),
                            ),
                        });
                        continue;
                    }
                    ids.insert(t.app.id.clone(), (sheet.clone(), row_no));
                    taken_ids.push(t.app.id.clone());
                    taken_all.push(*t);
                }
                Err(message) => report.problems.push(RowProblem {
                    file: sheet.clone(),
                    row: row_no,
                    message,
                }),
            }
        }
        report.taken.push((sheet.clone(), taken_ids));
        if !held_ids.is_empty() {
            report.already_taken.push((sheet.clone(), held_ids));
        }
    }
    write_taken(campaign_dir, &taken_all)?;
    report.new_units = taken_all.iter().map(|t| t.units.len()).sum();
    Ok(report)
}

fn io_err(file: &Path, e: impl std::fmt::Display + 'static) -> IntakeError {
    let lang = Lang::of_run();
    // An OS error gets its plain phrase; anything else (a serialiser's) is pingshen's own.
    let why = match (&e as &dyn std::any::Any).downcast_ref::<std::io::Error>() {
        Some(io) => io_phrase(lang, io),
        None => e.to_string(),
    };
    IntakeError::File {
        file: file.to_path_buf(),
        message: lang.say(
            format!("无法写入（{why}）"),
            format!("cannot be written ({why})"),
        ),
    }
}

/// Writes the taken applications, units and documents; restores everything if the result
/// does not load.
fn write_taken(dir: &Path, taken: &[Taken]) -> Result<(), IntakeError> {
    if taken.is_empty() {
        return Ok(());
    }
    let units_toml = dir.join("units.toml");
    let units_json = dir.join("units.json");
    let backup_units: Option<(PathBuf, Vec<u8>)> = [&units_toml, &units_json]
        .iter()
        .find(|p| p.is_file())
        .and_then(|p| fs::read(p).ok().map(|b| ((*p).clone(), b)));
    let mut created: Vec<PathBuf> = vec![];
    let result = (|| -> Result<(), IntakeError> {
        let new_units: Vec<&Unit> = taken.iter().flat_map(|t| &t.units).collect();
        if !new_units.is_empty() {
            match &backup_units {
                Some((p, bytes)) if p.extension().is_some_and(|e| e == "json") => {
                    let mut v: serde_json::Value =
                        serde_json::from_slice(bytes).map_err(|e| io_err(p, e))?;
                    if let Some(arr) = v.get_mut("unit").and_then(|a| a.as_array_mut()) {
                        for u in &new_units {
                            arr.push(serde_json::to_value(u).map_err(|e| io_err(p, e))?);
                        }
                    }
                    fs::write(p, serde_json::to_vec_pretty(&v).map_err(|e| io_err(p, e))?)
                        .map_err(|e| io_err(p, e))?;
                }
                _ => {
                    // Appended as text, so the secretariat's comments and layout stay.
                    #[derive(serde::Serialize)]
                    struct One<'a> {
                        unit: [&'a Unit; 1],
                    }
                    let mut text = backup_units
                        .as_ref()
                        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default();
                    text.push_str("\n# added by pingshen intake\n");
                    for u in &new_units {
                        text.push_str(
                            &toml::to_string(&One { unit: [u] })
                                .map_err(|e| io_err(&units_toml, e))?,
                        );
                        text.push('\n');
                    }
                    fs::write(&units_toml, text).map_err(|e| io_err(&units_toml, e))?;
                }
            }
        }
        let apps = dir.join("applications");
        fs::create_dir_all(&apps).map_err(|e| io_err(&apps, e))?;
        for t in taken {
            let p = apps.join(format!("{}.toml", t.app.id));
            fs::write(&p, toml::to_string(&t.app).map_err(|e| io_err(&p, e))?)
                .map_err(|e| io_err(&p, e))?;
            created.push(p);
            for (src, dest) in &t.files {
                let to = dir.join("documents").join(dest);
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
                }
                fs::copy(src, &to).map_err(|e| io_err(&to, e))?;
                created.push(to);
            }
        }
        load_campaign(dir)
            .map(|_| ())
            .map_err(IntakeError::WouldBreak)
    })();
    if result.is_err() {
        for p in &created {
            let _ = fs::remove_file(p);
        }
        if let Some((p, bytes)) = &backup_units {
            let _ = fs::write(p, bytes);
        }
    }
    result
}
