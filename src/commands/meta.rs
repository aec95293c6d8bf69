//! `config show`, `completions SHELL` and `man`: the program describing itself.

use super::{Failure, Outcome};
use crate::cli::{Cli, ShellArg};
use crate::i18n::Lang;
use clap::CommandFactory;

pub fn config_show(config: &crate::config::Config, lang: crate::i18n::Lang) -> Outcome {
    print!("{}", config.render_in(lang));
    Ok(())
}

pub fn completions(shell: ShellArg) -> Outcome {
    use clap_complete::Shell;
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Elvish => Shell::Elvish,
        ShellArg::Powershell => Shell::PowerShell,
    };
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "pingshen", &mut std::io::stdout());
    Ok(())
}

/// The man page in `lang`: the main page (which lists every subcommand), then each
/// subcommand's synopsis, description and options.
pub fn man_page(lang: Lang) -> Result<Vec<u8>, std::io::Error> {
    let cmd = if lang.is_zh() {
        crate::cli_zh::localised(Cli::command())
    } else {
        Cli::command()
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    // clap's own `help` subcommand, which the localised (built) command carries, is listed
    // on the main page but has no section of its own, as in English.
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("pingshen {}", sub.get_name());
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let page = clap_mangen::Man::new(sub.clone().name(name));
        page.render_synopsis_section(&mut out)?;
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    if lang.is_zh() {
        out = man_headings_zh(&out);
    }
    Ok(out)
}

/// clap_mangen's fixed section titles (NAME, SYNOPSIS …) in Chinese; the options and
/// subcommands sections already take the localised command's headings.
fn man_headings_zh(page: &[u8]) -> Vec<u8> {
    const TITLES: [(&str, &str); 6] = [
        (".SH NAME", ".SH 名称"),
        (".SH SYNOPSIS", ".SH 概要"),
        (".SH DESCRIPTION", ".SH 描述"),
        (".SH OPTIONS", ".SH 选项"),
        (".SH SUBCOMMANDS", ".SH 子命令"),
        (".SH VERSION", ".SH 版本"),
    ];
    let text = String::from_utf8_lossy(page);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        match TITLES.iter().find(|(en, _)| *en == bare) {
            Some((_, zh)) => {
                out.push_str(zh);
                out.push_str(&line[bare.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

pub fn man(lang: Lang) -> Outcome {
    use std::io::Write;
    let failed = |e: std::io::Error| {
        let why = crate::i18n::io_phrase(lang, &e);
        Failure::refused(lang.say(
            format!("无法输出手册页（{why}）"),
            format!("the man page could not be written ({why})"),
        ))
    };
    let page = man_page(lang).map_err(failed)?;
    std::io::stdout().write_all(&page).map_err(failed)
}
