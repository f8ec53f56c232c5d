using Mnemo.Cli;

// mnemo: measure how networks memorise individual training examples (see README.md).
//   run            a whole study: every paradigm x N seeds, then the report
//   report         the paper's analysis and figures of a study folder
//   train          one run (paradigm, seed) of a study: the unit a cluster spreads out
//   slurm          a study's unfinished runs as a Slurm job array
//   export         model.safetensors for the finished runs of an older study
//   status         where each run of a study stands, and an ETA
//   estimate       FLOPs and GPU-hours of a study's settings
//   data describe  what a data spec holds
//   bench          throughput of the paper's and the demo's network
Mnemo.NativeSetup.Apply();
return MnemoApp.Run(args);
