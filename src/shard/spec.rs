//! Which shard a process is: `--shard K/N` (K counted from 1), or `--shard auto` read from
//! the scheduler's environment (a Slurm job array or a Kubernetes Indexed Job), and the
//! contiguous block of work items (replications, grid points) that shard owns.

use std::ops::Range;

use crate::error::{Error, Result};

/// Environment variable giving the number of shards to `--shard auto` when the scheduler
/// does not (Kubernetes Indexed Jobs do not expose their completion count).
pub const COUNT_ENV: &str = "CCPLAN_SHARD_COUNT";

/// Shard `index` (from 0) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl std::fmt::Display for Shard {
    /// `K/N` with K counted from 1, as given on the command line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index + 1, self.count)
    }
}

impl Shard {
    /// The shard named by `--shard` (`K/N` or `auto`); `count` is `--shard-count`, and
    /// `env` reads an environment variable (the process's, or a test's).
    pub fn resolve(
        arg: &str,
        count: Option<u32>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Shard> {
        if arg == "auto" {
            return Self::from_env(count, env);
        }
        if count.is_some() {
            return Err(usage("--shard-count goes with --shard auto only"));
        }
        let (k, n) = arg.split_once('/').ok_or_else(|| {
            usage(format!(
                "--shard `{arg}`: expected K/N (shard K of N, K from 1 to N) or `auto`"
            ))
        })?;
        let parse = |s: &str, what: &str| {
            s.trim().parse::<u32>().map_err(|_| {
                usage(format!(
                    "--shard `{arg}`: {what} `{s}` is not a whole number"
                ))
            })
        };
        let (k, n) = (parse(k, "K")?, parse(n, "N")?);
        if n == 0 || k == 0 || k > n {
            return Err(usage(format!(
                "--shard `{arg}`: K must be from 1 to N and N at least 1"
            )));
        }
        Ok(Shard {
            index: k - 1,
            count: n,
        })
    }

    /// `--shard auto`: a Slurm array task (`SLURM_ARRAY_TASK_ID` less
    /// `SLURM_ARRAY_TASK_MIN`, divided by `SLURM_ARRAY_TASK_STEP`, of
    /// `SLURM_ARRAY_TASK_COUNT` or of the span from `MIN` to `MAX`), else a Kubernetes
    /// Indexed Job's `JOB_COMPLETION_INDEX` of `--shard-count` or `CCPLAN_SHARD_COUNT`.
    fn from_env(count: Option<u32>, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard> {
        let num = |name: &str| -> Result<Option<u32>> {
            env(name)
                .map(|v| {
                    v.trim().parse::<u32>().map_err(|_| {
                        usage(format!("--shard auto: {name}=`{v}` is not a whole number"))
                    })
                })
                .transpose()
        };
        let flag_or_env =
            || -> Result<Option<u32>> { count.map_or_else(|| num(COUNT_ENV), |n| Ok(Some(n))) };
        let shard = if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let step = num("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
            let n = match (flag_or_env()?, num("SLURM_ARRAY_TASK_COUNT")?) {
                (Some(n), _) | (None, Some(n)) => n,
                (None, None) => match num("SLURM_ARRAY_TASK_MAX")? {
                    Some(max) if max >= min => (max - min) / step + 1,
                    _ => {
                        return Err(usage(
                            "--shard auto: SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX",
                        ));
                    }
                },
            };
            if id < min || (id - min) % step != 0 {
                return Err(usage(format!(
                    "--shard auto: array task {id} is not on the array's range from {min} by {step}; submit a contiguous array such as --array=0-{}",
                    n.saturating_sub(1)
                )));
            }
            Shard {
                index: (id - min) / step,
                count: n,
            }
        } else if let Some(index) = num("JOB_COMPLETION_INDEX")? {
            let n = flag_or_env()?.ok_or_else(|| {
                usage(format!(
                    "--shard auto: JOB_COMPLETION_INDEX is set; give the number of shards (the Job's completions) with --shard-count or {COUNT_ENV}"
                ))
            })?;
            Shard { index, count: n }
        } else {
            return Err(usage(
                "--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; give --shard K/N",
            ));
        };
        if shard.count == 0 || shard.index >= shard.count {
            return Err(usage(format!(
                "--shard auto: task index {} is not below the shard count {}; submit the array as --array=0-{} (or 1-{})",
                shard.index,
                shard.count,
                shard.count.saturating_sub(1),
                shard.count
            )));
        }
        Ok(shard)
    }

    /// The block of `total` work items this shard owns: items `⌊k·T/N⌋` to
    /// `⌊(k+1)·T/N⌋` (exclusive). The blocks tile `0..total` in shard order, differ in size
    /// by at most one, and are empty for some shards when there are more shards than items.
    pub fn block(&self, total: u32) -> Range<u32> {
        let at = |k: u32| (u64::from(k) * u64::from(total) / u64::from(self.count)) as u32;
        at(self.index)..at(self.index + 1)
    }
}

fn usage(m: impl Into<String>) -> Error {
    Error::Usage(m.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    fn shard(
        arg: &str,
        count: Option<u32>,
        vars: &'static [(&'static str, &'static str)],
    ) -> Result<Shard> {
        Shard::resolve(arg, count, &env_of(vars))
    }

    #[test]
    fn k_of_n_counts_from_one() {
        assert_eq!(
            shard("2/3", None, &[]).unwrap(),
            Shard { index: 1, count: 3 }
        );
        assert_eq!(shard("1/1", None, &[]).unwrap().to_string(), "1/1");
        for bad in ["0/3", "4/3", "1/0", "3", "a/3", "1/3/4", ""] {
            assert!(shard(bad, None, &[]).is_err(), "{bad}");
        }
        assert!(
            shard("1/3", Some(3), &[]).is_err(),
            "--shard-count without auto"
        );
    }

    #[test]
    fn blocks_tile_the_work_whatever_the_count() {
        for total in [0, 1, 5, 10, 100, 101] {
            for count in [1, 2, 3, 7, 100, 150] {
                let mut next = 0;
                for index in 0..count {
                    let b = Shard { index, count }.block(total);
                    assert_eq!(b.start, next, "T={total} N={count} k={index}");
                    assert!(b.len() as u32 <= total.div_ceil(count));
                    next = b.end;
                }
                assert_eq!(next, total);
            }
        }
        assert_eq!(Shard { index: 1, count: 3 }.block(10), 3..6);
    }

    #[test]
    fn auto_reads_slurm_arrays() {
        let from_zero = &[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "7"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
        ];
        assert_eq!(
            shard("auto", None, from_zero).unwrap(),
            Shard { index: 2, count: 7 }
        );
        let from_one = &[
            ("SLURM_ARRAY_TASK_ID", "7"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "7"),
        ];
        assert_eq!(
            shard("auto", None, from_one).unwrap(),
            Shard { index: 6, count: 7 }
        );
        let stepped = &[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "8"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ];
        assert_eq!(
            shard("auto", None, stepped).unwrap(),
            Shard { index: 2, count: 5 }
        );
        let off_step = &[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "8"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ];
        assert!(shard("auto", None, off_step).is_err());
        let beyond = &[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ];
        assert!(shard("auto", None, beyond).is_err());
        let no_count = &[("SLURM_ARRAY_TASK_ID", "3")];
        assert!(shard("auto", None, no_count).is_err());
    }

    #[test]
    fn auto_reads_kubernetes_indexed_jobs_with_a_count() {
        let k8s = &[("JOB_COMPLETION_INDEX", "4")];
        assert_eq!(
            shard("auto", Some(5), k8s).unwrap(),
            Shard { index: 4, count: 5 }
        );
        let with_env = &[("JOB_COMPLETION_INDEX", "0"), ("CCPLAN_SHARD_COUNT", "2")];
        assert_eq!(
            shard("auto", None, with_env).unwrap(),
            Shard { index: 0, count: 2 }
        );
        let e = shard("auto", None, k8s).unwrap_err().to_string();
        assert!(e.contains("--shard-count") && e.contains(COUNT_ENV), "{e}");
        assert!(shard("auto", Some(4), k8s).is_err(), "index 4 of 4");
        assert!(shard("auto", None, &[]).is_err());
        assert!(shard("auto", None, &[("JOB_COMPLETION_INDEX", "x")]).is_err());
    }
}
