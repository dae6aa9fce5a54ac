# CMake toolchain file: cross-compile for linux-arm64 with Debian's
# gcc-aarch64-linux-gnu, and run the results under qemu-user (ctest and
# try_run use CMAKE_CROSSCOMPILING_EMULATOR).
#
#   cmake -S native -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=native/cmake/aarch64-linux-gnu.cmake
#
# QEMU_CPU (default "max": AES, PMULL, SHA1, SHA2, SHA512 present) picks the
# emulated CPU; e.g. cortex-a72 lacks SHA512.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(HWC_CROSS_PREFIX aarch64-linux-gnu- CACHE STRING "Cross toolchain prefix")
set(CMAKE_C_COMPILER ${HWC_CROSS_PREFIX}gcc)
set(CMAKE_CXX_COMPILER ${HWC_CROSS_PREFIX}g++)

set(HWC_CROSS_SYSROOT /usr/aarch64-linux-gnu CACHE PATH "Target libraries for qemu-user -L")
set(CMAKE_FIND_ROOT_PATH ${HWC_CROSS_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

if(DEFINED ENV{QEMU_CPU})
  set(_hwc_qemu_cpu $ENV{QEMU_CPU})
else()
  set(_hwc_qemu_cpu max)
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-cpu;${_hwc_qemu_cpu};-L;${HWC_CROSS_SYSROOT})
