# Install rules for desktop integration and the CPack DEB generator:
#   cmake --build build && (cd build && cpack -G DEB)
# gives dualitylab_<version>_<arch>.deb with both executables, the .desktop
# file, AppStream metainfo and the icon. Needs `file` and `dpkg-dev`.
include(GNUInstallDirs)

if(DLAB_BUILD_GUI)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/org.dualitylab.DualityLab.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/org.dualitylab.DualityLab.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/dualitylab.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
          RENAME org.dualitylab.DualityLab.svg)
endif()

set(CPACK_PACKAGE_NAME "dualitylab")
set(CPACK_PACKAGE_VENDOR "DualityLab")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "DualityLab maintainers <maintainers@dualitylab.org>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://dualitylab.org")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Runtime library dependencies (Qt 6, oneTBB) are found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Machine learning finds dualities and symmetries in statistical physics.\n\
DualityLab runs Monte Carlo simulations of the generalised Ising model live,\n\
with exact Kaufman/Onsager references, figure export and reproducible sessions.")
include(CPack)
