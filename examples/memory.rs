//! Where the memory goes: a streamed import of a lead file and an activity
//! file, then a score, with a counting allocator printing the bytes held and
//! the high-water mark after each step (native; wasm memory is that
//! high-water mark plus the allocator's slack).
//!
//! ```text
//! cargo run --release --example memory -- .bench/stream-1000000-10 [--one-shot]
//! ```
//!
//! `--one-shot` reads each file whole and imports it with `import_leads` /
//! `import_activities` instead (the JS API's `importLeads(bytes)`).

use std::io::Read;
use leadscore::alloc_count::{self, Counting};

use leadscore::import::ImportKind;
use leadscore::{parse_time, Workspace};

#[global_allocator]
static A: Counting = Counting;

fn mb(b: usize) -> String {
    format!("{:.0} MB", b as f64 / 1e6)
}

fn report(step: &str, ws: &Workspace, took: std::time::Duration) {
    for (part, bytes) in ws.memory_parts() {
        if bytes > 0 {
            println!("    {part:<22} {:>8}", mb(bytes));
        }
    }
    println!(
        "{step:<12} held {:>8}  high-water {:>8}  estimate (memoryHeld) {:>8}  took {:.2} s",
        mb(alloc_count::held()),
        mb(alloc_count::peak()),
        mb(ws.memory_held()),
        took.as_secs_f64()
    );
}

fn stream(ws: &mut Workspace, kind: ImportKind, path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut f = std::fs::File::open(path)?;
    let size = f.metadata()?.len();
    ws.begin_import(kind, &[], &Default::default(), Some(size))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        ws.feed(&buf[..n])?;
    }
    ws.finish_import()?;
    Ok(())
}

/// The file streamed in 1 MiB chunks, or whole through the one-shot call.
fn load(ws: &mut Workspace, kind: ImportKind, path: &std::path::Path, one_shot: bool) -> Result<(), Box<dyn std::error::Error>> {
    if !one_shot {
        return stream(ws, kind, path);
    }
    let bytes = std::fs::read(path)?;
    match kind {
        ImportKind::Leads => ws.import_leads(&bytes, &[])?,
        _ => ws.import_activities(&bytes, &[])?,
    };
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".bench/stream-1000000-10".into()));
    let one_shot = std::env::args().any(|a| a == "--one-shot");
    let mut ws = Workspace::new();
    let clock = std::time::Instant::now;
    report("start", &ws, Default::default());
    let t = clock();
    load(&mut ws, ImportKind::Leads, &dir.join("leads.csv"), one_shot)?;
    report("leads", &ws, t.elapsed());
    let t = clock();
    load(&mut ws, ImportKind::Activities, &dir.join("activities.csv"), one_shot)?;
    report("activities", &ws, t.elapsed());
    let t = clock();
    ws.score(parse_time("2026-11-20T12:00:00Z")?);
    report("score", &ws, t.elapsed());
    Ok(())
}
