import { z } from "zod";
import { createProjectBody, projectMemberResponse, projectResponse, setProjectMemberBody, updateProjectBody } from "@/lib/schemas/projects";
import { page, pageQuery } from "@/lib/schemas/common";
import { json } from "@/lib/api/with-auth";
import { createProject as create } from "@/lib/projects/create-project";
import { deleteProject as remove } from "@/lib/projects/delete-project";
import { getProject as get } from "@/lib/projects/get-project";
import { listVisibleProjects, viewerOf } from "@/lib/projects/list-visible";
import { listProjectMembers as listMembers, removeProjectMember as removeMember, setProjectMember as setMember } from "@/lib/projects/project-members";
import { updateProject as update } from "@/lib/projects/update-project";
import { defineOperation, defineResource } from "./define";

const projectParams = z.object({ id: z.string().meta({ description: "Project id or slug" }) });
const projectMemberParams = projectParams.extend({ userId: z.string() });

const tags = ["Projects"];
// The project comes from the path, so these are workspace-authenticated (X-Tenant-Id) routes.
const auth = "workspace" as const;

export const listProjects = defineOperation({
  method: "get",
  path: "/v1/projects",
  operationId: "listProjects",
  summary: "The projects you can see, with your role in each",
  tags,
  auth,
  action: "workspace.read",
  query: pageQuery,
  responses: { 200: { description: "A page of projects", schema: (c) => page(c.Project) } },
  handler: async (ctx, { query }) => listVisibleProjects(viewerOf(ctx), query),
});

export const createProject = defineOperation({
  method: "post",
  path: "/v1/projects",
  operationId: "createProject",
  summary: "Create a project",
  tags,
  auth,
  action: "project.create",
  body: createProjectBody,
  errors: [409],
  responses: { 201: { description: "The project", schema: (c) => c.Project } },
  handler: async (ctx, { body }) => json(await create(ctx, body), 201),
});

export const getProject = defineOperation({
  method: "get",
  path: "/v1/projects/{id}",
  operationId: "getProject",
  summary: "One project with your role",
  description: "A project you have no role in is a 404.",
  tags,
  auth: "project",
  projectParam: "id",
  action: "project.read",
  params: projectParams,
  responses: { 200: { description: "The project", schema: (c) => c.Project } },
  documentOnly: ["params"],
  handler: async (ctx) => get(ctx),
});

export const updateProject = defineOperation({
  method: "patch",
  path: "/v1/projects/{id}",
  operationId: "updateProject",
  summary: "Rename a project",
  tags,
  auth: "project",
  projectParam: "id",
  action: "project.update",
  params: projectParams,
  body: updateProjectBody,
  responses: { 200: { description: "The project", schema: (c) => c.Project } },
  documentOnly: ["params"],
  handler: async (ctx, { body }) => update(ctx, body),
});

export const deleteProject = defineOperation({
  method: "delete",
  path: "/v1/projects/{id}",
  operationId: "deleteProject",
  summary: "Delete a project and everything in it",
  description: "The default project cannot be deleted (422).",
  tags,
  auth: "project",
  projectParam: "id",
  action: "project.delete",
  params: projectParams,
  responses: { 204: { description: "Deleted" } },
  documentOnly: ["params"],
  handler: async (ctx) => {
    await remove(ctx);
    return json(null, 204);
  },
});

export const listProjectMembers = defineOperation({
  method: "get",
  path: "/v1/projects/{id}/members",
  operationId: "listProjectMembers",
  summary: "Explicit project roles",
  description: "Owners and tenant admins are implicit project admins and are not listed.",
  tags,
  auth: "project",
  projectParam: "id",
  action: "project.read",
  params: projectParams,
  query: pageQuery,
  responses: { 200: { description: "A page of project members", schema: (c) => page(c.ProjectMember) } },
  documentOnly: ["params"],
  handler: async (ctx, { query }) => listMembers(ctx.project.id, query),
});

export const setProjectMember = defineOperation({
  method: "put",
  path: "/v1/projects/{id}/members/{userId}",
  operationId: "setProjectMember",
  summary: "Grant or change a member's project role",
  tags,
  auth: "project",
  projectParam: "id",
  action: "project_member.manage",
  params: projectMemberParams,
  body: setProjectMemberBody,
  responses: { 200: { description: "The project member", schema: (c) => c.ProjectMember } },
  documentOnly: ["params"],
  handler: async (ctx, { body }) => setMember(ctx, ctx.params.userId, body.role),
});

export const removeProjectMember = defineOperation({
  method: "delete",
  path: "/v1/projects/{id}/members/{userId}",
  operationId: "removeProjectMember",
  summary: "Revoke a member's project role",
  tags,
  auth: "project",
  projectParam: "id",
  action: "project_member.manage",
  params: projectMemberParams,
  responses: { 204: { description: "Revoked" } },
  documentOnly: ["params"],
  handler: async (ctx) => {
    await removeMember(ctx, ctx.params.userId);
    return json(null, 204);
  },
});

export const projectsOperations = defineResource({ Project: projectResponse, ProjectMember: projectMemberResponse }, [listProjects, createProject, getProject, updateProject, deleteProject, listProjectMembers, setProjectMember, removeProjectMember]);

