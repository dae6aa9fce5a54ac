# hwcrypt native addon.
#
# This file lists sources only, by directory; no file carries its own flags.
# Each instruction-set-specific file (native/aes/aes_x86_*.c, ..._arm64_*.c,
# native/sha/*_x86_*.c, ...) enables its instruction set itself, for its
# kernels only, with HWC_TARGET_BEGIN/END (native/include/hwcrypt_target.h);
# its getter and every portable file are compiled for the architecture's
# baseline, so the addon loads on any CPU of its architecture
# (scripts/check-isa.sh proves it on the objects). Never -march=native,
# never a global -maes. A new .c file in one of the core directories is
# picked up without editing this file; native/CMakeLists.txt globs the same
# directories. hwc_timing (native/timing/: the benchmark's counters) is
# linked into the addon but is not part of the crypto core.
{
  "target_defaults": {
    "include_dirs": ["native/include"],
    "cflags": ["-O3", "-fPIC", "-fvisibility=hidden", "-Wall", "-Wextra", "-Wno-unused-parameter"],
    "cflags_c": ["-std=c11"],
    "cflags!": ["-O2", "-O1", "-O0"],
    "xcode_settings": {
      "GCC_OPTIMIZATION_LEVEL": "3",
      "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
      "OTHER_CFLAGS": ["-std=c11"]
    },
    "msvs_settings": { "VCCLCompilerTool": { "Optimization": 2 } }
  },
  "targets": [
    {
      "target_name": "hwc_core",
      "type": "static_library",
      "sources": ["<!@(node -p \"['native','native/cpu','native/modes','native/aes','native/sha'].flatMap(d=>require('fs').readdirSync(d).filter(f=>f.endsWith('.c')).sort().map(f=>d+'/'+f)).join(' ')\")"]
    },
    {
      "target_name": "hwc_timing",
      "type": "static_library",
      "include_dirs": ["native/timing"],
      "sources": ["<!@(node -p \"require('fs').readdirSync('native/timing').filter(f=>f.endsWith('.c')).sort().map(f=>'native/timing/'+f).join(' ')\")"]
    },
    {
      "target_name": "hwcrypt",
      "sources": ["<!@(node -p \"require('fs').readdirSync('native/addon').filter(f=>f.endsWith('.cc')).map(f=>'native/addon/'+f).join(' ')\")"],
      "include_dirs": ["native/timing"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17"],
      "xcode_settings": { "CLANG_CXX_LANGUAGE_STANDARD": "c++17", "MACOSX_DEPLOYMENT_TARGET": "11.0" },
      "dependencies": ["hwc_core", "hwc_timing"]
    }
  ]
}
