//! The service under proof: the real `pressero-pace-sync` binary, run as a child process with the
//! proof shop's settings and data folder (passwords in its environment, as a headless install
//! gives them), killed with SIGKILL when the soak says so; and what the operating system says of
//! it (`/proc`: resident and peak memory, CPU time).

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;
use tokio::process::{Child, Command};

/// How to start the service binary.
#[derive(Debug, Clone)]
pub struct ServiceCommand {
    /// The `pressero-pace-sync` binary.
    pub binary: PathBuf,
    /// `--config`.
    pub settings: PathBuf,
    /// `--data-dir`.
    pub data_dir: PathBuf,
    /// Passwords and other environment for the child.
    pub environment: Vec<(String, String)>,
    /// Where the child's output is appended.
    pub log: PathBuf,
}

impl ServiceCommand {
    fn command(&self, args: &[&str]) -> std::io::Result<Command> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let mut command = Command::new(&self.binary);
        command
            .arg("--config")
            .arg(&self.settings)
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(args)
            .envs(self.environment.iter().cloned())
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        Ok(command)
    }

    /// Starts `run` (poll and sync until stopped).
    pub fn spawn(&self) -> std::io::Result<ServiceProcess> {
        let child = self.command(&["run"])?.spawn()?;
        let pid = child.id().unwrap_or(0);
        Ok(ServiceProcess { child, pid })
    }

    /// Runs `run --once` (one poll, every due order synced) to the end.
    pub async fn run_once(&self) -> std::io::Result<ExitStatus> {
        self.command(&["run", "--once"])?.status().await
    }
}

/// A running service process.
#[derive(Debug)]
pub struct ServiceProcess {
    child: Child,
    pid: u32,
}

/// Memory of a process, in KiB.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Memory {
    /// Resident now (`VmRSS`).
    pub resident_kib: u64,
    /// The most it was ever resident (`VmHWM`).
    pub peak_kib: u64,
}

impl ServiceProcess {
    /// Its memory now, if the system tells (Linux).
    pub fn memory(&self) -> Option<Memory> {
        let status = std::fs::read_to_string(proc_path(self.pid, "status")).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kib| kib.parse::<u64>().ok())
        };
        Some(Memory {
            resident_kib: field("VmRSS:")?,
            peak_kib: field("VmHWM:")?,
        })
    }

    /// CPU time it has used so far (user + system), if the system tells (Linux).
    pub fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(proc_path(self.pid, "stat")).ok()?;
        // After the command name in parentheses: state is field 3, utime 14, stime 15.
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some(Duration::from_secs_f64(
            ticks as f64 / clock_ticks_per_second(),
        ))
    }

    /// Whether it is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGKILL, and waits for it to be gone.
    pub async fn kill(mut self) -> std::io::Result<()> {
        self.child.kill().await
    }
}

fn proc_path(pid: u32, file: &str) -> PathBuf {
    Path::new("/proc").join(pid.to_string()).join(file)
}

/// The kernel's clock ticks per second for CPU times (`getconf CLK_TCK`; 100 on Linux).
fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse::<f64>().ok())
        .filter(|ticks| *ticks > 0.0)
        .unwrap_or(100.0)
}
