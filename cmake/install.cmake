# `cmake --install` gives the check library, the dxcheck command and dxcheck_kernel.h,
# and a CMake package: find_package(dxcheck) then link dxcheck::checks (every check,
# the reference, the generators) or just dxcheck::kernel_abi (the header, for plugins).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

add_library(dxcheck_checks INTERFACE)
target_link_libraries(dxcheck_checks INTERFACE dxcheck_properties dxcheck_reports dxcheck_kernel_table)
set_target_properties(dxcheck_checks PROPERTIES EXPORT_NAME checks)
set_target_properties(dxcheck_kernel_abi PROPERTIES EXPORT_NAME kernel_abi)

set(dxcheck_libraries dxcheck_options dxcheck_kernel_abi dxcheck_tfjs dxcheck_kernels dxcheck_fast dxcheck_kernel_table
    dxcheck_reference dxcheck_harness dxcheck_properties dxcheck_reports dxcheck_checks)
install(FILES kernel/fast/fast.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dxcheck/fast)
install(TARGETS ${dxcheck_libraries} EXPORT dxcheckTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS dxcheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# dxcheck::worker: the plugin worker for programs that link dxcheck::checks.
install(TARGETS dxcheck-worker EXPORT dxcheckTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

file(GLOB dxcheck_headers tfjs/*.h kernel/*.h reference/*.h harness/*.h properties/*.h reports/*.h)
install(FILES ${dxcheck_headers} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dxcheck)

install(EXPORT dxcheckTargets NAMESPACE dxcheck:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dxcheck)
configure_package_config_file(cmake/dxcheckConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/dxcheckConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dxcheck)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/dxcheckConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/dxcheckConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/dxcheckConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dxcheck)
