//! `gen`: a synthetic campaign in the fixtures' format.

use super::{Ctx, Failure, Outcome};
use crate::gen::{generate, write, Assign, GenError, Options};
use crate::i18n::Lang;
use crate::keys::Algorithm;

impl From<GenError> for Failure {
    fn from(e: GenError) -> Failure {
        let m = message(Lang::of_run(), &e);
        match e {
            GenError::Empty => Failure::usage(m),
            _ => Failure::refused(m),
        }
    }
}

/// A `gen` refusal in `lang` (the generator's `Display` is the English one).
fn message(lang: Lang, e: &GenError) -> String {
    if !lang.is_zh() {
        return e.to_string();
    }
    match e {
        GenError::Empty => {
            "gen 至少要生成一个项目和一名专家；请给出 1 或更大的 --apps 和 --experts".into()
        }
        GenError::NotEmpty(p) => format!(
            "{} 不是空文件夹；请给 gen 一个新的或空的文件夹，以免两个评审任务混在一起",
            p.display()
        ),
        GenError::Write { path, source } => crate::i18n::cannot_write(lang, path, source),
        GenError::Exhausted => "生成器用完了推荐单位；这是程序缺陷，请连同所用选项一起报告".into(),
        GenError::Key { id, .. } => {
            format!("无法生成 `{id}` 的合成密钥或评分表；这是程序缺陷，请连同所用选项一起报告")
        }
        GenError::Panicked => {
            "写评分表的工作线程意外停止；这是程序缺陷，请连同所用选项一起报告".into()
        }
    }
}

pub fn run(
    ctx: &Ctx,
    apps: usize,
    experts: usize,
    all: bool,
    seed: u64,
    sig: Algorithm,
    out: &std::path::Path,
) -> Outcome {
    let opts = Options {
        apps,
        experts,
        assign: if all { Assign::All } else { Assign::Panels },
        seed,
        sig,
    };
    let generated = generate(&opts)?;
    let written = write(out, &generated)?;
    let sheets = written.sheets;
    let c = &generated.campaign;
    let planted = generated.manifest.planted.len();
    let line = if ctx.lang.is_zh() {
        format!(
            "已生成 {} 个项目、{} 名专家、{} 个推荐单位、{} 个单位、{} 个评审组，植入 {planted} 个规则案例，{sheets} 份签名评分表：{}",
            c.applications.len(),
            c.experts.len(),
            c.recommenders.len(),
            c.units.len(),
            c.settings.panels.len(),
            out.display()
        )
    } else {
        format!(
            "generated {} applications, {} experts, {} recommenders, {} units, {} panels, {planted} planted rule cases, {sheets} signed sheets: {}",
            c.applications.len(),
            c.experts.len(),
            c.recommenders.len(),
            c.units.len(),
            c.settings.panels.len(),
            out.display()
        )
    };
    println!("{line}");
    Ok(())
}
