# hwcrypt native addon.
#
# Every instruction-set-specific file is compiled in its own static_library
# with only that set's flags (the pattern of Node's deps/zlib/zlib.gyp), so
# the portable code never contains AES-NI/AVX instructions and the addon
# loads on any CPU of its architecture. Never -march=native, never a global
# -maes. On an architecture a library is not meant for, its files compile
# to a getter that returns NULL (their bodies are #if-ed per architecture).
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
      "sources": [
        "native/cpu/cpu_features.c",
        "native/dispatch.c",
        "native/util.c",
        "native/perf.c",
        "native/modes/aes_key.c",
        "native/modes/gcm.c",
        "native/modes/ctr.c",
        "native/modes/hash.c",
        "native/modes/hmac.c",
        "native/modes/kdf.c",
        "native/modes/hash_block.c",
        "native/aes/aes_soft_ct64.c",
        "native/sha/sha1_soft.c",
        "native/sha/sha256_soft.c",
        "native/sha/sha512_soft.c",
        "native/sha/sha2_k.c"
      ]
    },
    {
      "target_name": "hwc_x86_aesni",
      "type": "static_library",
      "sources": ["native/aes/aes_x86_aesni.c"],
      "conditions": [
        ["target_arch=='x64' and OS!='win'", {
          "cflags": ["-maes", "-mpclmul", "-mssse3", "-msse4.1"],
          "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-maes", "-mpclmul", "-mssse3", "-msse4.1"] }
        }]
      ]
    },
    {
      "target_name": "hwc_x86_vaes256",
      "type": "static_library",
      "sources": ["native/aes/aes_x86_vaes256.c"],
      "conditions": [
        ["target_arch=='x64' and OS!='win'", {
          "cflags": ["-mavx2", "-mvaes", "-mvpclmulqdq", "-maes", "-mpclmul"],
          "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-mavx2", "-mvaes", "-mvpclmulqdq", "-maes", "-mpclmul"] }
        }]
      ]
    },
    {
      "target_name": "hwc_x86_vaes512",
      "type": "static_library",
      "sources": ["native/aes/aes_x86_vaes512.c"],
      "conditions": [
        ["target_arch=='x64' and OS!='win'", {
          "cflags": ["-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512dq", "-mavx2", "-mvaes", "-mvpclmulqdq", "-maes", "-mpclmul"],
          "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512dq", "-mavx2", "-mvaes", "-mvpclmulqdq", "-maes", "-mpclmul"] }
        }]
      ]
    },
    {
      "target_name": "hwc_x86_shani",
      "type": "static_library",
      "sources": ["native/sha/sha1_x86_shani.c", "native/sha/sha256_x86_shani.c", "native/sha/sha256_x86_shani_pbkdf2.c", "native/sha/sha1_x86_shani_pbkdf2.c"],
      "conditions": [
        ["target_arch=='x64' and OS!='win'", {
          "cflags": ["-msha", "-mssse3", "-msse4.1"],
          "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-msha", "-mssse3", "-msse4.1"] }
        }]
      ]
    },
    {
      "target_name": "hwc_x86_avx2",
      "type": "static_library",
      "sources": ["native/sha/sha512_x86_avx2.c"],
      "conditions": [
        ["target_arch=='x64' and OS!='win'", {
          "cflags": ["-mavx2", "-mbmi2"],
          "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-mavx2", "-mbmi2"] }
        }]
      ]
    },
    {
      "target_name": "hwc_arm64_ce",
      "type": "static_library",
      "sources": ["native/aes/aes_arm64_ce.c", "native/sha/sha1_arm64_ce.c", "native/sha/sha256_arm64_ce.c"],
      "conditions": [
        ["target_arch=='arm64' and OS!='win'", {
          "cflags": ["-march=armv8-a+crypto"],
          "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-march=armv8-a+crypto"] }
        }]
      ]
    },
    {
      "target_name": "hwc_arm64_sha512",
      "type": "static_library",
      "sources": ["native/sha/sha512_arm64_ce.c"],
      "conditions": [
        ["target_arch=='arm64' and OS!='win'", {
          "cflags": ["-march=armv8.2-a+sha3"],
          "xcode_settings": { "OTHER_CFLAGS": ["-std=c11", "-march=armv8.2-a+sha3"] }
        }]
      ]
    },
    {
      "target_name": "hwcrypt",
      "sources": ["<!@(node -p \"require('fs').readdirSync('native/addon').filter(f=>f.endsWith('.cc')).map(f=>'native/addon/'+f).join(' ')\")"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-std=c++17"],
      "xcode_settings": { "CLANG_CXX_LANGUAGE_STANDARD": "c++17", "MACOSX_DEPLOYMENT_TARGET": "11.0" },
      "dependencies": ["hwc_core", "hwc_x86_aesni", "hwc_x86_vaes256", "hwc_x86_vaes512", "hwc_x86_shani", "hwc_x86_avx2", "hwc_arm64_ce", "hwc_arm64_sha512"]
    }
  ]
}
